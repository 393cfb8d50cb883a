// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { Result } from '@shared/errors'
import type { ConnectionView, TestLinkResult } from '@shared/domain/pve'
import type { PoolView } from '@shared/domain/pools'
import type { AuditEntry } from '@shared/domain/audit'
import ConnectionTestModal from '../../src-renderer/src/components/infra/ConnectionTestModal.vue'
import PoolsView from '../../src-renderer/src/views/PoolsView.vue'
import AuditView from '../../src-renderer/src/views/AuditView.vue'
import { describeDifference } from '../../src-renderer/src/components/infra/ruleDifferences'
import { locale } from '../../src-renderer/src/i18n'
import { mountWithProviders, settle } from './mountWithProviders'

type Call = (name: string, input: unknown) => Promise<Result<unknown>>

const text = (selector: string) => document.querySelector(selector)?.textContent ?? null
const timestamps = { created_at: 0, updated_at: 0 }
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':')

async function click(selector: string): Promise<void> {
  const element = document.querySelector<HTMLElement>(selector)
  if (!element) throw new Error(`nothing matches ${selector}`)
  element.click()
  await settle()
}

beforeEach(() => {
  localStorage.clear()
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('connection test-link', () => {
  const connection: ConnectionView = {
    id: 4, name: 'lab', base_url: 'https://pve.test:8006', token_id: 'root@pam!pd', has_token_secret: true, username: null, has_password: false, fingerprint: null, ...timestamps,
  }
  const unpinned: TestLinkResult = {
    reachable: true, fingerprint: FINGERPRINT, trusted_by_system: false, pinned_fingerprint: null, certificate_accepted: false,
    certificate: { subject: 'CN=pve1', issuer: 'CN=PVE CA', valid_from: '2026-01-01', valid_to: '2028-01-01' }, version: null, pve_nodes: [], error: null,
  }

  it('pins the fingerprint it showed, then tests again and lists version and nodes', async () => {
    locale.value = 'en'
    let pinned: string | null = null
    const transport = vi.fn<Call>(async (name, input) => {
      if (name === 'connections.update') {
        pinned = (input as { fingerprint: string }).fingerprint
        return { ok: true, data: { ...connection, fingerprint: pinned } }
      }
      const accepted = pinned === FINGERPRINT
      return { ok: true, data: { ...unpinned, pinned_fingerprint: pinned, certificate_accepted: accepted, version: accepted ? '8.2.4' : null, pve_nodes: accepted ? ['pve1', 'pve2'] : [] } }
    })
    // The modal tests when it opens, so it starts closed and is opened the way the screen does it.
    const show = ref(false)
    const Opener = defineComponent({ setup: () => () => h(ConnectionTestModal, { show: show.value, 'onUpdate:show': (next: boolean) => (show.value = next), connection }) })
    const wrapper = mountWithProviders(Opener, transport as never)
    show.value = true
    await settle()
    expect(text('[data-test="test-fingerprint"]')).toBe(FINGERPRINT)
    expect(text('[data-test="test-trust"]')).toBe('Not trusted yet')
    expect(document.querySelector('[data-test="test-version"]')).toBeNull()
    await click('[data-test="accept-fingerprint"]')
    expect(transport).toHaveBeenCalledWith('connections.update', { id: 4, fingerprint: FINGERPRINT })
    expect(text('[data-test="test-trust"]')).toBe('Pinned and matching')
    expect(document.querySelectorAll('[data-test="test-version"]')).toHaveLength(1)
    expect(text('[data-test="test-version"]')).toBe('8.2.4')
    expect([...document.querySelectorAll('[data-test="test-nodes"] .n-tag')].map((tag) => tag.textContent)).toEqual(['pve1', 'pve2'])
    expect(document.querySelector('[data-test="accept-fingerprint"]')).toBeNull()
    wrapper.unmount()
  })
})

describe('pools screen', () => {
  const pool: PoolView = { id: 9, kind: 'port', name: 'wan', first: 20000, last: 20099, reserved: [], usage: { size: 100, used: 95, free: 5 }, ...timestamps }

  it('colours a nearly full pool and explains why it cannot be deleted', async () => {
    locale.value = 'zh-CN'
    const transport = vi.fn<Call>(async (name) =>
      name === 'pools.list'
        ? { ok: true, data: { items: [pool] } }
        : { ok: false, error: { code: 'CONFLICT', message: 'pool wan: 95 slots are still allocated; release first', fields: { id: '95 slots are still allocated; release first' } } },
    )
    const wrapper = mountWithProviders(PoolsView, transport as never)
    await settle()
    expect(text('[data-test="pool-usage-text"]')).toBe('已用 95 / 共 100')
    expect(document.querySelector('[data-test="pool-usage"] .n-progress--error')).not.toBeNull()
    await click('[data-test="pool-delete"]')
    expect(transport).not.toHaveBeenCalledWith('pools.delete', expect.anything())
    await click('.n-dialog .n-button--warning-type')
    expect(transport).toHaveBeenCalledWith('pools.delete', { id: 9 })
    expect(document.body.textContent).toContain('地址池 wan 仍在使用中：仍有 95 项已分配，请先释放')
    wrapper.unmount()
  })
})

describe('audit kinds', () => {
  it('shows each kind in the UI language and keeps the raw kind on the tag, with the count of a repeated entry', async () => {
    locale.value = 'zh-CN'
    const entry: AuditEntry = { id: 2, ts: 1_800_000_000, kind: 'pve_connection.update', actor: 'admin', ip: null, target_type: 'pve_connection', target_id: '2', detail: null, occurrences: 1 }
    const repeated: AuditEntry = { id: 1, ts: 1_800_000_000, kind: 'proxy_auth.failure', actor: 'mallory', ip: '203.0.113.9', target_type: 'node_group', target_id: 'hk', detail: { reason: 'wrong_password' }, occurrences: 7 }
    const transport = vi.fn<Call>(async () => ({ ok: true, data: { items: [entry, repeated], total: 2 } }))
    const wrapper = mountWithProviders(AuditView, transport as never)
    await settle()
    const tag = document.querySelector('[data-test="audit-kind"]')!
    expect(tag.textContent).toBe('修改 PVE 连接')
    expect(tag.getAttribute('data-kind')).toBe('pve_connection.update')
    expect([...document.querySelectorAll('[data-test="audit-occurrences"]')].map((counted) => counted.textContent)).toEqual(['×7'])
    locale.value = 'en'
    await settle()
    expect(document.querySelector('[data-test="audit-kind"]')!.textContent).toBe('PVE connection changed')
    wrapper.unmount()
  })
})

describe('reconcile differences', () => {
  it('says what differs in the UI language and leaves unknown text alone', () => {
    locale.value = 'zh-CN'
    expect(describeDifference('lan_port: router has 2222, expected 22')).toBe('内网端口：路由器上为 2222，应为 22')
    expect(describeDifference('something else')).toBe('something else')
  })
})
