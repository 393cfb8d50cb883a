import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from 'vue-router'
import type { MessageKey } from '../i18n'
import { isSignedIn } from '../api/session'
import { lastRoute } from '../settings/preferences'

declare module 'vue-router' {
  interface RouteMeta {
    title?: MessageKey
    public?: boolean
    /** For screens not built yet: the REST path that already serves this data. */
    apiPath?: string
  }
}

const comingSoon = () => import('../views/ComingSoonView.vue')

export const SHELL_ROUTES: RouteRecordRaw[] = [
  { path: '/dashboard', name: 'dashboard', component: () => import('../views/DashboardView.vue'), meta: { title: 'nav.dashboard' } },
  { path: '/users', name: 'users', component: () => import('../views/UsersView.vue'), meta: { title: 'nav.users' } },
  { path: '/node-groups', name: 'nodeGroups', component: () => import('../views/NodeGroupsView.vue'), meta: { title: 'nav.nodeGroups' } },
  { path: '/containers', name: 'containers', component: comingSoon, meta: { title: 'nav.containers', apiPath: '/api/containers' } },
  { path: '/pools', name: 'pools', component: comingSoon, meta: { title: 'nav.pools', apiPath: '/api/pools' } },
  { path: '/plans', name: 'plans', component: comingSoon, meta: { title: 'nav.plans', apiPath: '/api/plans' } },
  { path: '/connections', name: 'connections', component: comingSoon, meta: { title: 'nav.connections', apiPath: '/api/pve/connections, /api/routers' } },
  { path: '/audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { title: 'nav.audit' } },
  { path: '/settings', name: 'settings', component: () => import('../views/SettingsView.vue'), meta: { title: 'nav.settings' } },
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
        children: [{ path: '', redirect: () => lastRoute.value }, ...SHELL_ROUTES],
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
