import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import { translate as t } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import { authRoutes } from './modules/auth';
import { libraryRoutes } from './modules/library';
import { procedureRoutes } from './modules/procedure';
import { publishingRoutes } from './modules/publishing';
import { workRoutes } from './modules/work';
import { homeFor, mayOpen } from './roles';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean;
    /** Locale key of the page title. */
    titleKey?: string;
    /** Which side-menu entry is active. */
    menu?: string;
    /** Roles that may open the page (any of them); everyone when absent. */
    roles?: readonly string[];
  }
}

/**
 * Creates the router: the login page outside the layout, every other page inside it; pages need a session
 * unless marked `public`.
 */
export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes: [
      ...authRoutes,
      {
        path: '/',
        component: () => import('@/views/layout/AppLayout.vue'),
        children: [
          { path: '', name: 'home', component: { render: () => null } },
          ...libraryRoutes,
          ...publishingRoutes,
          ...procedureRoutes,
          ...workRoutes,
          {
            path: ':pathMatch(.*)*',
            name: 'not-found',
            component: () => import('@/views/layout/NotFoundView.vue'),
            meta: { titleKey: 'common.notFound' },
          },
        ],
      },
    ],
  });

  router.beforeEach((to) => {
    if (to.meta.public) return true;
    const auth = useAuthStore();
    if (!auth.isAuthenticated) return { name: 'login', query: { redirect: to.fullPath } };
    const roles = auth.user?.roles ?? [];
    if (to.name === 'home') return homeFor(roles);
    if (!mayOpen(roles, to.meta.roles)) return homeFor(roles) === to.path ? true : homeFor(roles);
    return true;
  });

  router.afterEach((to) => {
    const page = to.meta.titleKey ? t(to.meta.titleKey) : '';
    document.title = [page, `${t('common.appName')} · ${t('common.appTitle')}`].filter(Boolean).join(' - ');
  });

  return router;
}
