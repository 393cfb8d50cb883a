import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from 'vue-router'
import type { MessageKey } from '../i18n'
import { isSignedIn } from '../api/session'
import { lastRoute } from '../settings/preferences'

declare module 'vue-router' {
  interface RouteMeta {
    title?: MessageKey
    public?: boolean
  }
}

export const SHELL_ROUTES: RouteRecordRaw[] = [
  { path: '/dashboard', name: 'dashboard', component: () => import('../views/DashboardView.vue'), meta: { title: 'nav.dashboard' } },
  { path: '/users', name: 'users', component: () => import('../views/UsersView.vue'), meta: { title: 'nav.users' } },
  { path: '/node-groups', name: 'nodeGroups', component: () => import('../views/NodeGroupsView.vue'), meta: { title: 'nav.nodeGroups' } },
  { path: '/containers', name: 'containers', component: () => import('../views/ContainersView.vue'), meta: { title: 'nav.containers' } },
  { path: '/pools', name: 'pools', component: () => import('../views/PoolsView.vue'), meta: { title: 'nav.pools' } },
  { path: '/plans', name: 'plans', component: () => import('../views/PlansView.vue'), meta: { title: 'nav.plans' } },
  { path: '/connections', name: 'connections', component: () => import('../views/ConnectionsView.vue'), meta: { title: 'nav.connections' } },
  { path: '/audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { title: 'nav.audit' } },
  { path: '/settings', name: 'settings', component: () => import('../views/SettingsView.vue'), meta: { title: 'nav.settings' } },
]

/** Inside the shell but not in the side menu: reached from a list. */
const DETAIL_ROUTES: RouteRecordRaw[] = [
  { path: '/containers/:id(\\d+)', name: 'containerDetail', component: () => import('../views/ContainerDetailView.vue'), meta: { title: 'nav.containers' } },
]

export function createAppRouter(): Router {
  const router = createRouter({
    // Hash URLs work the same from file:// in Electron and from `proxdesk serve`, which serves only real files.
    history: createWebHashHistory(),
    routes: [
      { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true } },
      {
        path: '/',
        component: () => import('../layout/AppShell.vue'),
        children: [{ path: '', redirect: () => lastRoute.value }, ...SHELL_ROUTES, ...DETAIL_ROUTES],
      },
      { path: '/:unknown(.*)*', redirect: '/dashboard' },
    ],
  })
  router.beforeEach((to) => {
    if (!to.meta.public && !isSignedIn.value) return { name: 'login', query: { next: to.fullPath } }
    return true
  })
  router.afterEach((to) => {
    if (!to.meta.public && to.matched.length > 1) lastRoute.value = to.fullPath
  })
  return router
}
