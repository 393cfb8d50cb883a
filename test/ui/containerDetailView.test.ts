// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import type { ContainerView } from '@shared/domain/containers'
import type { Result } from '@shared/errors'
import ContainerDetailView from '../../src-renderer/src/views/ContainerDetailView.vue'
import { API_KEY, createApiClient } from '../../src-renderer/src/api/client'
import { locale } from '../../src-renderer/src/i18n'
import { settle } from './mountWithProviders'

function container(overrides: Partial<ContainerView> = {}): ContainerView {
  return {
    id: 3,
    plan_id: 1,
    connection_id: 1,
    pve_node: 'pve1',
    vmid: 200,
    hostname: 'web1',
    template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    owner_label: 'alice',
    network_mode: 'nat',
    ip_address: '10.0.0.2',
    prefix_length: 28,
    gateway: '10.0.0.1',
    ssh_host: 'nat.example.com',
    ssh_port: 20000,
    cores: 1,
    memory_mb: 512,
    disk_gb: 8,
    swap_mb: 512,
    pve_userid: 'ct3@pve',
    state: 'running',
    last_error: null,
    steps: [],
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
    ...overrides,
  }
}

const liveStatus = (status: string) => ({
  status,
  uptime_seconds: status === 'running' ? 7260 : 0,
  cpu_fraction: status === 'running' ? 0.12 : 0,
  cpus: 1,
  memory_bytes: status === 'running' ? 136 * 1024 ** 2 : 0,
  memory_max_bytes: 512 * 1024 ** 2,
  swap_max_bytes: 512 * 1024 ** 2,
  disk_bytes: 0,
  disk_max_bytes: 8 * 1024 ** 3,
  net_in_bytes: 0,
  net_out_bytes: 0,
  disk_read_bytes: 0,
  disk_write_bytes: 0,
})

/** A fake server answering the detail page's reads; `overrides` replace single operations. */
function fakeServer(view: ContainerView, overrides: Record<string, () => Result<unknown>> = {}) {
  const calls: string[] = []
  const replies: Record<string, () => Result<unknown>> = {
    'containers.get': () => ({ ok: true, data: view }),
    'plans.get': () => ({ ok: true, data: { name: 'nat-small' } }),
    'containers.status': () => ({ ok: true, data: liveStatus('running') }),
    'containers.snapshots': () => ({ ok: true, data: { items: [{ name: 'before', description: 'first', snaptime: 1_700_000_100, parent: null }] } }),
    'nat.list': () => ({ ok: true, data: { items: [] } }),
    ...overrides,
  }
  const transport = vi.fn(async (name: string): Promise<Result<unknown>> => {
    calls.push(name)
    return replies[name]?.() ?? { ok: false, error: { code: 'NOT_FOUND', message: `unexpected ${name}` } }
  })
  return { transport, calls }
}

async function mountDetail(transport: ReturnType<typeof fakeServer>['transport'], path = '/containers/3') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/containers', name: 'containers', component: { render: () => null } },
      { path: '/containers/:id(\\d+)', name: 'containerDetail', component: ContainerDetailView },
    ],
  })
  await router.push(path)
  const Host = defineComponent({
    setup: () => () => h(NConfigProvider, null, () => h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(RouterView)))),
  })
  const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [router], provide: { [API_KEY as symbol]: createApiClient('ipc', transport as never) } } })
  await settle()
  return { wrapper, router }
}

async function openTab(name: string): Promise<void> {
  document.querySelector<HTMLElement>(`.n-tabs-tab[data-name="${name}"]`)!.click()
  await settle()
}

describe('container detail page', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the header and loads each tab’s data only when the tab is first shown', async () => {
    const { transport, calls } = fakeServer(container())
    const { wrapper, router } = await mountDetail(transport)
    expect(document.querySelector('[data-test="detail-hostname"]')?.textContent).toBe('web1')
    expect(document.querySelector('[data-test="detail-plan"]')?.textContent).toBe('nat-small')
    expect(document.querySelector('[data-test="live-cpu"]')?.textContent).toBe('12%')
    expect(document.querySelector('[data-test="live-memory"]')?.textContent).toBe('136 MiB / 512 MiB')
    expect(calls).not.toContain('containers.snapshots')

    await openTab('snapshots')
    expect(router.currentRoute.value.query.tab).toBe('snapshots')
    expect(calls.filter((name) => name === 'containers.snapshots')).toHaveLength(1)
    expect(document.querySelector('[data-test="snapshots-table"]')?.textContent).toContain('before')
    await openTab('info')
    await openTab('snapshots')
    expect(calls.filter((name) => name === 'containers.snapshots')).toHaveLength(1)

    // The refresh shortcut reloads the container and the tab on screen.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F5' }))
    await settle()
    expect(calls.filter((name) => name === 'containers.snapshots')).toHaveLength(2)
    expect(calls.filter((name) => name === 'containers.get')).toHaveLength(2)
    wrapper.unmount()
  })

  it('says a stopped container is stopped instead of showing empty figures as a problem', async () => {
    const { transport } = fakeServer(container({ state: 'stopped' }), { 'containers.status': () => ({ ok: true, data: liveStatus('stopped') }) })
    const { wrapper } = await mountDetail(transport)
    expect(document.querySelector('[data-test="status-stopped"]')?.textContent).toContain('The container is stopped')
    expect(document.querySelector<HTMLButtonElement>('[data-test="power-start"]')?.disabled).toBe(false)
    expect(document.querySelector<HTMLButtonElement>('[data-test="power-shutdown"]')?.disabled).toBe(true)
    wrapper.unmount()
  })

  it('shows an unreachable Proxmox or a changed certificate as a message, and the rest of the page still works', async () => {
    const { transport } = fakeServer(container(), {
      'containers.status': () => ({ ok: false, error: { code: 'CERTIFICATE_MISMATCH', message: 'the PVE certificate changed' } }),
      'containers.snapshots': () => ({ ok: false, error: { code: 'UPSTREAM_UNREACHABLE', message: 'connect ECONNREFUSED' } }),
    })
    const { wrapper } = await mountDetail(transport)
    expect(document.querySelector('[data-test="status-error"]')?.textContent).toContain('The certificate does not match the pinned one: the PVE certificate changed')
    await openTab('snapshots')
    expect(document.body.textContent).toContain('Cannot be reached: connect ECONNREFUSED')
    expect(document.querySelector('[data-test="snapshot-create"]')).not.toBeNull()
    wrapper.unmount()
  })

  it('explains that a bridged container needs no port mappings', async () => {
    const { transport, calls } = fakeServer(container({ network_mode: 'bridged', ssh_host: '192.0.2.5', ssh_port: 22, ip_address: '192.0.2.5' }))
    const { wrapper } = await mountDetail(transport)
    await openTab('nat')
    expect(document.querySelector('[data-test="nat-bridged"]')?.textContent).toContain('own address (192.0.2.5)')
    expect(calls).not.toContain('nat.list')
    wrapper.unmount()
  })

  it('does not read Proxmox while the container is still being created, and says so', async () => {
    const { transport, calls } = fakeServer(container({ state: 'creating', vmid: null }))
    const { wrapper } = await mountDetail(transport)
    expect(document.querySelector('[data-test="detail-notice"]')?.textContent).toContain('being worked on')
    expect(calls).not.toContain('containers.status')
    expect(document.querySelector('.n-tabs-tab[data-name="snapshots"]')?.className).toContain('n-tabs-tab--disabled')
    wrapper.unmount()
  })

  it('shows a missing container as a problem with a way back', async () => {
    const { transport } = fakeServer(container(), { 'containers.get': () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'container 3 does not exist' } }) })
    const { wrapper } = await mountDetail(transport)
    expect(document.querySelector('[data-test="detail-load-error"]')?.textContent).toContain('Not found: container 3 does not exist')
    wrapper.unmount()
  })
})
