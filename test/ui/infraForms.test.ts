// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { Result } from '@shared/errors'
import type { PlanView } from '@shared/domain/plans'
import type { PoolView } from '@shared/domain/pools'
import type { ConnectionView } from '@shared/domain/pve'
import type { RouterView } from '@shared/domain/nat'
import PoolFormDrawer from '../../src-renderer/src/components/infra/PoolFormDrawer.vue'
import PlanFormDrawer from '../../src-renderer/src/components/infra/PlanFormDrawer.vue'
import ConnectionFormDrawer from '../../src-renderer/src/components/infra/ConnectionFormDrawer.vue'
import { locale } from '../../src-renderer/src/i18n'
import { mountWithProviders, settle } from './mountWithProviders'

type Call = (name: string, input: unknown) => Promise<Result<unknown>>

function field(form: string, name: string): HTMLInputElement | null {
  return document.querySelector<HTMLInputElement>(`[data-test="${form}"] [name="${name}"]`)
}

async function type(form: string, name: string, value: string): Promise<void> {
  const element = field(form, name)
  if (!element) throw new Error(`no input ${name} in ${form}`)
  element.value = value
  element.dispatchEvent(new Event('input'))
  await nextTick()
}

async function click(selector: string): Promise<void> {
  const element = document.querySelector<HTMLElement>(selector)
  if (!element) throw new Error(`nothing matches ${selector}`)
  element.click()
  await settle()
}

/** The error shown under the form item that holds the named input. */
function feedbackOf(form: string, name: string): string {
  const item = field(form, name)?.closest('.n-form-item')
  return item?.querySelector('.n-form-item-feedback__line')?.textContent ?? ''
}

function feedbackUnder(selector: string): string {
  return document.querySelector(`${selector} .n-form-item-feedback__line`)?.textContent ?? ''
}

const timestamps = { created_at: 0, updated_at: 0 }

describe('pool drawer', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the fields of the chosen kind', async () => {
    const wrapper = mountWithProviders(PoolFormDrawer, vi.fn() as never, { show: true, pool: null })
    await settle()
    expect(field('pool-form', 'cidr')).not.toBeNull()
    expect(field('pool-form', 'gateway')).not.toBeNull()
    await click('[data-test="pool-range-first-last"] input')
    expect(field('pool-form', 'cidr')).toBeNull()
    expect(field('pool-form', 'prefix_length')).not.toBeNull()
    await click('[data-test="pool-kind-port"] input')
    expect(field('pool-form', 'first')).not.toBeNull()
    expect(field('pool-form', 'gateway')).toBeNull()
    expect(field('pool-form', 'dns')).toBeNull()
    expect(document.querySelector('[data-test="pool-form"]')!.textContent).toContain('First port')
    wrapper.unmount()
  })

  it('points at bad fields with the contract’s rules before calling the server', async () => {
    const transport = vi.fn<Call>()
    const wrapper = mountWithProviders(PoolFormDrawer, transport as never, { show: true, pool: null })
    await settle()
    await type('pool-form', 'name', 'lan')
    await type('pool-form', 'cidr', '10.0.0.1/24')
    await type('pool-form', 'dns', '1.1.1.1, not-an-ip')
    await click('[data-test="pool-form-submit"]')
    expect(transport).not.toHaveBeenCalled()
    expect(feedbackOf('pool-form', 'cidr')).toBe('host bits are set; the network is 10.0.0.0/24')
    expect(feedbackOf('pool-form', 'dns')).toBe('not an IPv4 address')
    expect(feedbackOf('pool-form', 'name')).toBe('')
    wrapper.unmount()
  })

  it('says the rules in Chinese', async () => {
    locale.value = 'zh-CN'
    const wrapper = mountWithProviders(PoolFormDrawer, vi.fn() as never, { show: true, pool: null })
    await settle()
    await click('[data-test="pool-kind-vmid"] input')
    await type('pool-form', 'name', 'ids')
    await type('pool-form', 'first', '50')
    await click('[data-test="pool-form-submit"]')
    expect(feedbackOf('pool-form', 'first')).toBe('不能小于 100')
    expect(feedbackOf('pool-form', 'last')).toBe('必填')
    wrapper.unmount()
  })

  it('shows the server’s field problems next to the field', async () => {
    const transport = vi.fn<Call>(async () => ({
      ok: false,
      error: { code: 'VALIDATION', message: 'reserved.0: outside', fields: { 'reserved.0': '30000 is outside the pool (20000 to 20099)' } },
    }))
    const wrapper = mountWithProviders(PoolFormDrawer, transport as never, { show: true, pool: null })
    await settle()
    await click('[data-test="pool-kind-port"] input')
    await type('pool-form', 'name', 'wan')
    await type('pool-form', 'first', '20000')
    await type('pool-form', 'last', '20099')
    await type('pool-form', 'reserved', '30000')
    await click('[data-test="pool-form-submit"]')
    expect(transport).toHaveBeenCalledWith('pools.create', { kind: 'port', name: 'wan', first: 20000, last: 20099, reserved: [30000] })
    expect(feedbackOf('pool-form', 'reserved')).toBe('30000 is outside the pool (20000 to 20099)')
    wrapper.unmount()
  })
})

describe('plan drawer', () => {
  const connections: ConnectionView[] = [
    { id: 1, name: 'lab', base_url: 'https://pve.test:8006', token_id: 'root@pam!pd', has_token_secret: true, username: null, has_password: false, fingerprint: null, ...timestamps },
  ]
  const usage = { size: 10, used: 0, free: 10 }
  const pools: PoolView[] = [
    { id: 1, kind: 'ipv4', name: 'lan', cidr: '10.0.0.0/28', first: '10.0.0.0', last: '10.0.0.15', prefix_length: 28, gateway: '10.0.0.1', dns: [], reserved: [], usage, ...timestamps },
    { id: 2, kind: 'vmid', name: 'ids', first: 200, last: 209, reserved: [], usage, ...timestamps },
    { id: 3, kind: 'port', name: 'wan', first: 20000, last: 20009, reserved: [], usage, ...timestamps },
  ]
  const routers: RouterView[] = [
    { id: 1, name: 'edge', base_url: 'http://192.168.1.1', username: 'admin', has_password: true, fingerprint: null, wan_interface: 'wan1', public_host: 'nat.example.com', ...timestamps },
  ]
  const plan: PlanView = {
    id: 7, name: 'small', connection_id: 1, pve_node: 'pve1', network_mode: 'bridged', bridge: 'vmbr0', storage: 'local-lvm', ip_pool_id: 1, vmid_pool_id: 2,
    port_pool_id: null, router_id: null, nat_rule_limit: 0, dns: null, cores: 1, memory_mb: 512, disk_gb: 8, swap_mode: 'none', cpulimit: 0, cpuunits: 1024,
    rate_mbps: null, nesting: false, onboot: true, templates: ['local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'], ...timestamps,
  }
  const nodesReply: Call = async (name) =>
    name === 'connections.test'
      ? { ok: true, data: { reachable: true, fingerprint: null, trusted_by_system: true, pinned_fingerprint: null, certificate_accepted: true, certificate: null, version: '8.2', pve_nodes: ['pve1', 'pve2'], error: null } }
      : { ok: true, data: null }

  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('asks for a router and a port pool next to those fields in NAT mode', async () => {
    locale.value = 'en'
    const transport = vi.fn<Call>(nodesReply)
    const wrapper = mountWithProviders(PlanFormDrawer, transport as never, { show: true, plan, connections, pools, routers })
    await settle()
    expect(transport).toHaveBeenCalledWith('connections.test', { id: 1 })
    expect(document.querySelector('[data-test="plan-field-router_id"]')).toBeNull()
    await click('[data-test="plan-mode-nat"] input')
    await click('[data-test="plan-form-submit"]')
    expect(feedbackUnder('[data-test="plan-field-router_id"]')).toBe('required in NAT mode')
    expect(feedbackUnder('[data-test="plan-field-port_pool_id"]')).toBe('required in NAT mode')
    expect(feedbackUnder('[data-test="plan-field-bridge"]')).toBe('')
    expect(transport).not.toHaveBeenCalledWith('plans.update', expect.anything())
    locale.value = 'zh-CN'
    await click('[data-test="plan-form-submit"]')
    expect(feedbackUnder('[data-test="plan-field-router_id"]')).toBe('NAT 模式下必填')
    wrapper.unmount()
  })

  it('sends only what an edit changed', async () => {
    locale.value = 'en'
    const transport = vi.fn<Call>(nodesReply)
    const wrapper = mountWithProviders(PlanFormDrawer, transport as never, { show: true, plan, connections, pools, routers })
    await settle()
    await type('plan-form', 'storage', 'fast')
    await click('[data-test="plan-form-submit"]')
    expect(transport).toHaveBeenCalledWith('plans.update', { id: 7, storage: 'fast' })
    wrapper.unmount()
  })
})

describe('connection drawer', () => {
  const connection: ConnectionView = {
    id: 3, name: 'lab', base_url: 'https://pve.test:8006', token_id: 'root@pam!pd', has_token_secret: true, username: 'root@pam', has_password: true,
    fingerprint: null, ...timestamps,
  }

  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('only says whether secrets are set, and never sends them unless retyped', async () => {
    const transport = vi.fn<Call>(async (_name, input) => ({ ok: true, data: { ...connection, ...(input as object) } }))
    const wrapper = mountWithProviders(ConnectionFormDrawer, transport as never, { show: true, connection })
    await settle()
    expect(field('connection-form', 'token_secret')!.value).toBe('')
    expect(field('connection-form', 'password')!.value).toBe('')
    expect(field('connection-form', 'token_id')!.value).toBe('root@pam!pd')
    expect(document.querySelector('[data-test="connection-token-secret-state"]')!.textContent).toBe('Set')
    expect(document.querySelector('[data-test="connection-password-state"]')!.textContent).toBe('Set')
    await type('connection-form', 'name', 'lab2')
    await click('[data-test="connection-form-submit"]')
    expect(transport).toHaveBeenCalledWith('connections.update', { id: 3, name: 'lab2' })
    wrapper.unmount()
  })

  it('sends a retyped secret and checks the credential rules on create', async () => {
    const transport = vi.fn<Call>(async (_name, input) => ({ ok: true, data: { ...connection, ...(input as object) } }))
    const wrapper = mountWithProviders(ConnectionFormDrawer, transport as never, { show: true, connection: null })
    await settle()
    expect(document.querySelector('[data-test="connection-token-secret-state"]')).toBeNull()
    await type('connection-form', 'name', 'new')
    await type('connection-form', 'base_url', 'https://pve.test:8006')
    await type('connection-form', 'token_id', 'root@pam!pd')
    await click('[data-test="connection-form-submit"]')
    expect(transport).not.toHaveBeenCalled()
    expect(feedbackOf('connection-form', 'token_secret')).toBe('required with an API token ID')
    await type('connection-form', 'token_secret', 'abc-123')
    await click('[data-test="connection-form-submit"]')
    expect(transport).toHaveBeenCalledWith('connections.create', { name: 'new', base_url: 'https://pve.test:8006', token_id: 'root@pam!pd', token_secret: 'abc-123', username: null, password: null })
    wrapper.unmount()
  })
})
