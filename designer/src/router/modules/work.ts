import type { RouteRecordRaw } from 'vue-router';

/** Workbench, supervision and licences (filled in by phase 2, with the runtime API). */
export const workRoutes: RouteRecordRaw[] = [
  {
    path: '/workbench',
    name: 'workbench',
    component: () => import('@/views/workbench/WorkbenchView.vue'),
    meta: { titleKey: 'nav.workbench', menu: 'workbench' },
  },
  {
    path: '/supervision',
    name: 'supervision',
    component: () => import('@/views/supervision/SupervisionView.vue'),
    meta: { titleKey: 'nav.supervision', menu: 'supervision' },
  },
  {
    path: '/licences',
    name: 'licences',
    component: () => import('@/views/licences/LicencesView.vue'),
    meta: { titleKey: 'nav.licences', menu: 'licences' },
  },
];
