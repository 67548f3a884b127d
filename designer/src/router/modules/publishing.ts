import type { RouteRecordRaw } from 'vue-router';
import { CATALOGUE_ROLES } from '@/router/roles';

/** Change sets and the change feed. */
export const publishingRoutes: RouteRecordRaw[] = [
  {
    path: '/changes',
    name: 'changes',
    component: () => import('@/views/publishing/ChangesView.vue'),
    meta: { titleKey: 'nav.changes', menu: 'changes', roles: [...CATALOGUE_ROLES] },
  },
];
