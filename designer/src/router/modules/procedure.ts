import type { RouteRecordRaw } from 'vue-router';

/** The free procedure canvas: draw, import, check and export BPMN outside an item. */
export const procedureRoutes: RouteRecordRaw[] = [
  {
    path: '/procedure',
    name: 'procedure',
    component: () => import('@/views/procedure/ProcedureSandboxView.vue'),
    meta: { titleKey: 'nav.procedureSandbox', menu: 'procedure' },
  },
];
