// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, type Component } from 'vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { NConfigProvider, NDialogProvider, NMessageProvider, NSelect, type SelectOption } from 'naive-ui'
import type { Result } from '@shared/errors'
import type { ContainerView } from '@shared/domain/containers'
import type { NodeAdminView } from '@shared/domain/nodes'
import { API_KEY, createApiClient } from '../../src-renderer/src/api/client'
import ContainerLinkModal from '../../src-renderer/src/components/nodes/ContainerLinkModal.vue'
import NodeRecordsTable from '../../src-renderer/src/components/nodes/NodeRecordsTable.vue'
import { locale } from '../../src-renderer/src/i18n'
import { settle } from './mountWithProviders'

const RECORD_IP = '10.0.0.5'

function container(id: number, hostname: string, ip: string | null, overrides: Partial<ContainerView> = {}): ContainerView {
  return {
    id,
    plan_id: 1,
    connection_id: 1,
    pve_node: 'pve1',
    vmid: 100 + id,
    hostname,
    template: 'local:vztmpl/debian.tar.zst',
    owner_label: null,
    network_mode: 'bridged',
    ip_address: ip,
    prefix_length: 24,
    gateway: '10.0.0.1',
    ssh_host: ip,
    ssh_port: 22,
    cores: 1,
    memory_mb: 512,
    disk_gb: 8,
    swap_mb: 0,
    pve_userid: null,
    state: 'running',
    last_error: null,
    steps: [],
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
    ...overrides,
  }
}

function record(id: number, containerId: number | null, ip = RECORD_IP): NodeAdminView {
  return {
    id,
    ip_address: ip,
    domain: null,
    server_group: 'hk',
    idc_name: null,
    salamander: null,
    rent_ts: 0,
    expire_ts: null,
    fee: null,
    port: 443,
    sni: null,
    container_id: containerId,
    is_active: true,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
  }
}

const web = container(3, 'web-1', '10.0.0.9', { owner_label: 'alice' })
const hy2 = container(2, 'hy2-node-1', RECORD_IP)
const stopped = container(8, 'hy2-node-2', '10.0.0.6', { state: 'stopped' })

type Handler = (input: Record<string, unknown>) => Result<unknown>
/** A fake server answering each operation with its handler; unknown operations fail loudly. */
function fakeServer(handlers: Record<string, Handler>) {
  return vi.fn(async (name: string, input: unknown): Promise<Result<unknown>> => {
    const handler = handlers[name]
    if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `unexpected ${name}` } }
    return handler(input as Record<string, unknown>)
  })
}
const ok = (data: unknown): Result<unknown> => ({ ok: true, data })
const page = (items: ContainerView[]) => ok({ items, total: items.length })
/** containers.list as the core answers it: an IP query matches exactly, anything else by hostname. */
const listing = (all: ContainerView[]): Handler => (input) => {
  const q = input.q as string | undefined
  if (q === undefined) return page(all)
  return page(all.filter((c) => c.ip_address === q || c.hostname.includes(q)))
}

function mountWith(component: Component, transport: ReturnType<typeof fakeServer>, props: Record<string, unknown>) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'nodeGroups', component: { render: () => null } },
      { path: '/containers/:id', name: 'containerDetail', component: { render: () => null } },
    ],
  })
  const Host = defineComponent({
    setup: () => () => h(NConfigProvider, null, () => h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(component, props)))),
  })
  const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [router], provide: { [API_KEY as symbol]: createApiClient('ipc', transport as never) } } })
  return { wrapper, router }
}

const modal = () => document.querySelector<HTMLElement>('[data-test="container-link-modal"]')!
const feedback = () => modal().querySelector('.n-form-item-feedback-wrapper')?.textContent ?? ''
const callsOf = (transport: ReturnType<typeof fakeServer>, name: string) => transport.mock.calls.filter(([op]) => op === name).map(([, input]) => input)

async function click(element: Element | null): Promise<void> {
  if (!element) throw new Error('nothing to click')
  ;(element as HTMLElement).click()
  await settle()
}

// happy-dom does not lay out naive-ui's floating menu, so the tests drive the select through its props and
// events; the browser test clicks the real menu.
const select = (wrapper: VueWrapper) => wrapper.findComponent(NSelect)
const choiceIds = (wrapper: VueWrapper) => (select(wrapper).props('options') as SelectOption[]).map((option) => option.value)
/** What the option shows in the menu, rendered the way the select renders it. */
function choiceText(wrapper: VueWrapper, id: number): string {
  const option = (select(wrapper).props('options') as SelectOption[]).find((candidate) => candidate.value === id)!
  const rendered = mount({ render: () => (select(wrapper).props('renderLabel') as (o: SelectOption) => ReturnType<typeof h>)(option) })
  const text = rendered.text()
  rendered.unmount()
  return text
}

async function typeSearch(wrapper: VueWrapper, text: string): Promise<void> {
  select(wrapper).vm.$emit('search', text)
  await new Promise((resolve) => setTimeout(resolve, 300))
  await settle()
}

async function choose(wrapper: VueWrapper, id: number): Promise<void> {
  select(wrapper).vm.$emit('update:value', id)
  await settle()
}

describe('link modal for a node record', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('preselects the container holding the record IP, lists it first, searches and saves the chosen id', async () => {
    const transport = fakeServer({ 'containers.list': listing([web, hy2, stopped]), 'nodes.update': (input) => ok({ ...record(5, null), container_id: input.container_id }) })
    const onLinked = vi.fn()
    const { wrapper } = mountWith(ContainerLinkModal, transport, { show: true, record: record(5, null), current: null, onLinked })
    await settle()
    expect(callsOf(transport, 'containers.list')).toEqual(expect.arrayContaining([{ q: RECORD_IP, page_size: 20 }, { page_size: 20 }]))
    expect(select(wrapper).props('value')).toBe(2)
    expect(choiceIds(wrapper)).toEqual([2, 3, 8])
    expect(choiceText(wrapper, 2)).toContain('same IP')
    expect(choiceText(wrapper, 3)).toContain('alice')
    expect(choiceText(wrapper, 3)).not.toContain('same IP')

    await typeSearch(wrapper, 'web')
    expect(callsOf(transport, 'containers.list').at(-1)).toEqual({ q: 'web', page_size: 20 })
    // The preselected container stays listed so the select can still name it.
    expect(choiceIds(wrapper)).toEqual([2, 3])
    await choose(wrapper, 3)

    await click(document.querySelector('[data-test="container-link-submit"]'))
    expect(callsOf(transport, 'nodes.update')).toEqual([{ id: 5, container_id: 3 }])
    expect(onLinked).toHaveBeenCalledWith(web)
  })

  it('never offers deleted containers and asks for a choice when no container holds the IP', async () => {
    const gone = container(4, 'old-node', '10.0.0.7', { state: 'deleted' })
    const transport = fakeServer({ 'containers.list': listing([web, gone]) })
    const { wrapper } = mountWith(ContainerLinkModal, transport, { show: true, record: record(5, null), current: null })
    await settle()
    expect(select(wrapper).props('value')).toBeNull()
    expect(choiceIds(wrapper)).toEqual([3])

    await click(document.querySelector('[data-test="container-link-submit"]'))
    expect(callsOf(transport, 'nodes.update')).toEqual([])
    expect(feedback()).toBe('Pick a container')
  })

  it('keeps an existing link selected when changing it', async () => {
    const transport = fakeServer({ 'containers.list': listing([web, hy2]) })
    const { wrapper } = mountWith(ContainerLinkModal, transport, { show: true, record: record(5, 3), current: web })
    await settle()
    expect(select(wrapper).props('value')).toBe(3)
    expect(choiceIds(wrapper)).toEqual([2, 3])
  })

  it('shows the server refusing the container next to the field', async () => {
    const transport = fakeServer({
      'containers.list': listing([hy2]),
      'nodes.update': () => ({ ok: false, error: { code: 'VALIDATION', message: 'container_id: no such container', fields: { container_id: 'no such container' } } }),
    })
    const onLinked = vi.fn()
    mountWith(ContainerLinkModal, transport, { show: true, record: record(5, null), current: null, onLinked })
    await settle()
    await click(document.querySelector('[data-test="container-link-submit"]'))
    expect(callsOf(transport, 'nodes.update')).toEqual([{ id: 5, container_id: 2 }])
    expect(feedback()).toBe('This container no longer exists or was terminated; pick another')
    expect(onLinked).not.toHaveBeenCalled()
    expect(modal()).not.toBeNull()
  })
})

describe('records table container column', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const records = [record(1, 2), record(2, 2, '10.0.0.8'), record(3, 8, '10.0.0.6'), record(4, null, '10.0.0.10')]
  const byId = new Map([hy2, stopped].map((c) => [c.id, c]))
  const server = (current: NodeAdminView[]) =>
    fakeServer({
      'nodes.list': () => ok({ items: current, total: current.length }),
      'containers.get': (input) => ok(byId.get(input.id as number)),
      'nodes.update': (input) => {
        current = current.map((r) => (r.id === input.id ? { ...r, container_id: input.container_id as number | null } : r))
        return ok(current.find((r) => r.id === input.id))
      },
    })
  const cell = (recordId: number) => document.querySelector(`[data-test="record-container-cell-${recordId}"]`)!

  it('fetches each linked container once and links hostnames to the container page', async () => {
    const transport = server(records)
    const { router } = mountWith(NodeRecordsTable, transport, { serverGroup: 'hk' })
    await settle()
    expect(callsOf(transport, 'containers.get')).toEqual([{ id: 2 }, { id: 8 }])
    expect(cell(1).textContent).toContain('hy2-node-1')
    expect(cell(1).querySelector('[data-state]')!.getAttribute('data-state')).toBe('running')
    expect(cell(3).querySelector('[data-state]')!.getAttribute('data-state')).toBe('stopped')
    expect(cell(4).textContent).toBe('—')

    await click(cell(3).querySelector('[data-test="record-container"]'))
    expect(router.currentRoute.value.name).toBe('containerDetail')
    expect(router.currentRoute.value.params.id).toBe('8')
  })

  it('unlinks only after the confirmation', async () => {
    const transport = server(records)
    mountWith(NodeRecordsTable, transport, { serverGroup: 'hk' })
    await settle()
    expect(document.querySelector('[data-test="record-unlink-4"]')).toBeNull()

    await click(document.querySelector('[data-test="record-unlink-3"]'))
    const confirm = document.querySelector('.n-popconfirm')!
    expect(confirm.textContent).toContain('Unlink 10.0.0.6 from container hy2-node-2?')
    expect(callsOf(transport, 'nodes.update')).toEqual([])
    await click([...confirm.querySelectorAll('button')].find((button) => button.textContent?.includes('Unlink'))!)
    expect(callsOf(transport, 'nodes.update')).toEqual([{ id: 3, container_id: null }])
    expect(cell(3).textContent).toBe('—')
    // Reloading the records after the change reused the cached containers.
    expect(callsOf(transport, 'containers.get')).toEqual([{ id: 2 }, { id: 8 }])
  })
})
