import { createApp } from 'vue'
import App from './App.vue'
import { API_KEY, createApiClient, type ApiClient } from './api/client'
import { httpTransport } from './api/httpTransport'
import { ipcTransport } from './api/ipcTransport'
import { currentUser, endSession, sessionToken, useDesktopSession } from './api/session'
import { createAppRouter } from './router'

async function start(): Promise<void> {
  const router = createAppRouter()
  let api: ApiClient
  if (window.proxdesk) {
    useDesktopSession()
    api = createApiClient('ipc', ipcTransport(window.proxdesk))
  } else {
    api = createApiClient('http', httpTransport({ baseUrl: '', token: () => sessionToken.value }), () => {
      endSession()
      void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } })
    })
    // A reload keeps the tab's token; ask who it belongs to before the first route guard runs.
    if (sessionToken.value) {
      try {
        const me = await api.call('users.me', {})
        currentUser.value = { username: me.username, permission: me.permission }
      } catch {
        endSession()
      }
    }
  }
  createApp(App).provide(API_KEY, api).use(router).mount('#app')
}

void start()
