import type { RouteRecordRaw } from 'vue-router';
import { STAFF_ROLES } from '@/router/roles';

/** The worklist, applications, supervision and licences. */
export const workRoutes: RouteRecordRaw[] = [
  {
    path: '/workbench',
    name: 'workbench',
    component: () => import('@/views/work/WorkbenchView.vue'),
    meta: { titleKey: 'nav.workbench', menu: 'workbench', roles: [...STAFF_ROLES, 'admin'] },
  },
  {
    path: '/workbench/tasks/:id',
    name: 'task',
    component: () => import('@/views/work/TaskView.vue'),
    props: true,
    meta: { titleKey: 'nav.workbench', menu: 'workbench', roles: [...STAFF_ROLES, 'admin'] },
  },
  {
    path: '/applications',
    name: 'applications',
    component: () => import('@/views/work/ApplicationsView.vue'),
    meta: { titleKey: 'nav.applications', menu: 'applications', roles: [...STAFF_ROLES, 'supervisor', 'admin'] },
  },
  {
    path: '/applications/:id',
    name: 'application',
    component: () => import('@/views/work/ApplicationView.vue'),
    props: true,
    meta: { titleKey: 'nav.applications', menu: 'applications', roles: [...STAFF_ROLES, 'supervisor', 'admin', 'applicant'] },
  },
  {
    path: '/supervision',
    name: 'supervision',
    component: () => import('@/views/supervision/SupervisionView.vue'),
    meta: { titleKey: 'nav.supervision', menu: 'supervision', roles: ['supervisor', 'decider', 'admin'] },
  },
  {
    path: '/licences',
    name: 'licences',
    component: () => import('@/views/licences/LicencesView.vue'),
    meta: { titleKey: 'nav.licences', menu: 'licences', roles: [...STAFF_ROLES, 'supervisor', 'admin'] },
  },
];
