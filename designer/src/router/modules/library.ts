import type { RouteRecordRaw } from 'vue-router';
import { CATALOGUE_ROLES } from '@/router/roles';

/** The item library and the item editor. */
export const libraryRoutes: RouteRecordRaw[] = [
  {
    path: '/library',
    name: 'library',
    component: () => import('@/views/library/LibraryView.vue'),
    meta: { titleKey: 'nav.library', menu: 'library', roles: [...CATALOGUE_ROLES] },
  },
  {
    path: '/items/:code/:tab(elements|materials|procedure|forms|versions|trial)?',
    name: 'item',
    component: () => import('@/views/item/ItemEditorView.vue'),
    props: true,
    meta: { titleKey: 'nav.library', menu: 'library', roles: [...CATALOGUE_ROLES] },
  },
];
