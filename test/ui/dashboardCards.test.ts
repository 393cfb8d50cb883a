// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, type Component } from 'vue'
import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import type { Result } from '@shared/errors'
import { dashboardSummary, type DashboardSummary } from '@shared/contract/ops/dashboard'
import { API_KEY, createApiClient } from '../../src-renderer/src/api/client'
import DashboardView from '../../src-renderer/src/views/DashboardView.vue'
import { locale } from '../../src-renderer/src/i18n'
import { settle } from './mountWithProviders'

const NOW = 1_790_000_000

const SUMMARY: DashboardSummary = dashboardSummary.parse({
  public_url: 'https://panel.example.com',
  now: NOW,
  users: { total: 9, active: 5, disabled: 1, expiring: 2, expired: 3 },
  node_groups: { total: 2, usable: 2, expiring: 0, expired: 0 },
  containers: [{ state: 'running', count: 4 }],
  pools: [
    { id: 1, name: 'lan', kind: 'ipv4', used: 240, total: 252 },
    { id: 2, name: 'nat', kind: 'port', used: 1, total: 10 },
  ],
  recent_auth_failures: {
    last_24h: 13,
    items: [
      { id: 30, ts: NOW, username: 'mallory', node_group: 'hk', proxy_node_ip: '192.0.2.1', client_addr: '203.0.113.9', reason: 'unknown_user', occurrences: 12 },
      { id: 29, ts: NOW - 60, username: null, node_group: null, proxy_node_ip: null, client_addr: '198.51.100.66', reason: 'unknown_node_key', occurrences: 1 },
    ],
  },
  recent_logins: [
    { id: 12, ts: NOW, username: 'root', ip: '198.51.100.9', success: true, reason: null },
    { id: 11, ts: NOW - 60, username: 'root', ip: '198.51.100.7', success: false, reason: 'wrong_password' },
  ],
})

const EMPTY: DashboardSummary = { ...SUMMARY, pools: [], recent_auth_failures: { last_24h: 0, items: [] }, recent_logins: [] }

async function mountDashboard(summary: DashboardSummary) {
  const transport = vi.fn(async (name: string): Promise<Result<unknown>> => (name === 'dashboard.summary' ? { ok: true, data: summary } : { ok: false, error: { code: 'NOT_FOUND', message: name } }))
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', name: 'any', component: { render: () => null } }] })
  await router.push('/dashboard')
  const Host = defineComponent({
    setup: () => () => h(NConfigProvider, null, () => h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(DashboardView)))),
  })
  // The charts draw on a canvas happy-dom lacks; what they show is also on the cards as numbers.
  const CountChart: Component = { render: () => h('div') }
  mount(Host, {
    attachTo: document.body,
    global: { plugins: [router], stubs: { CountChart }, provide: { [API_KEY as symbol]: createApiClient('ipc', transport as never) } },
  })
  await settle()
  return { router, transport }
}

const card = (test: string) => {
  const element = document.querySelector<HTMLElement>(`[data-test="${test}"]`)
  if (!element) throw new Error(`no [data-test="${test}"]`)
  return element
}
const statistic = (test: string) => card(test).querySelector('.n-statistic-value')?.textContent?.trim()
const rowsOf = (test: string) => [...card(test).querySelectorAll('.n-data-table-tbody .n-data-table-tr')].map((row) => [...row.querySelectorAll('.n-data-table-td')].map((cell) => cell.textContent?.trim()))

beforeEach(() => {
  localStorage.clear()
  locale.value = 'zh-CN'
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('dashboard cards', () => {
  it('shows expired users as a number next to the chart', async () => {
    await mountDashboard(SUMMARY)
    expect(card('dashboard-users-expired').textContent).toContain('已过期')
    expect(statistic('dashboard-users-expired')).toBe('3')
  })

  it('draws one usage bar per pool and opens the pools screen from a pool', async () => {
    const { router } = await mountDashboard(SUMMARY)
    const pools = [...document.querySelectorAll<HTMLElement>('[data-test="dashboard-pool"]')]
    expect(pools.map((pool) => [pool.dataset.pool, pool.querySelector('[data-test="pool-usage-text"]')?.textContent])).toEqual([
      ['lan', '已用 240 / 共 252'],
      ['nat', '已用 1 / 共 10'],
    ])
    expect(pools[0]!.textContent).toContain('IPv4')
    pools[1]!.click()
    await settle()
    expect(router.currentRoute.value.path).toBe('/pools')
  })

  it('lists proxy-auth failures with the 24 h count, translated reasons and repeat counts, and links to the audit log', async () => {
    const { router } = await mountDashboard(SUMMARY)
    expect(statistic('dashboard-auth-failures-24h')).toBe('13')
    const rows = rowsOf('dashboard-auth-failures')
    expect(rows.map((row) => row.slice(1))).toEqual([
      ['mallory', 'hk · 192.0.2.1', '203.0.113.9', '用户不存在 ×12'],
      ['—', '—', '198.51.100.66', '节点密钥无效'],
    ])
    card('dashboard-auth-failures-open').click()
    await settle()
    expect(router.currentRoute.value.path).toBe('/audit')
  })

  it('lists recent sign-ins with their result, in English too', async () => {
    locale.value = 'en'
    await mountDashboard(SUMMARY)
    expect(rowsOf('dashboard-logins').map((row) => row.slice(1))).toEqual([
      ['root', '198.51.100.9', 'Signed in', '—'],
      ['root', '198.51.100.7', 'Sign-in failed', 'Wrong password'],
    ])
    expect(card('dashboard-auth-failures').textContent).toContain('Proxy authentication failures')
  })

  it('says what to do next when there is nothing to show', async () => {
    const { router } = await mountDashboard(EMPTY)
    expect(card('dashboard-pools-empty').textContent).toContain('请先在“地址池”页面新建')
    expect(statistic('dashboard-auth-failures-24h')).toBe('0')
    expect(card('dashboard-auth-failures-empty').textContent).toContain('暂无被拒绝的代理客户端')
    expect(card('dashboard-logins-empty').textContent).toContain('暂无登录记录')
    card('dashboard-pools-empty').querySelector<HTMLButtonElement>('button')!.click()
    await settle()
    expect(router.currentRoute.value.path).toBe('/pools')
  })
})
