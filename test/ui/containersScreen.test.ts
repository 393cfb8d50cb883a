// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, type Component } from 'vue'
import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import type { ContainerView } from '@shared/domain/containers'
import type { PlanView } from '@shared/domain/plans'
import type { Result } from '@shared/errors'
import ContainersView from '../../src-renderer/src/views/ContainersView.vue'
import CreateContainerWizard from '../../src-renderer/src/components/containers/CreateContainerWizard.vue'
import { API_KEY, createApiClient } from '../../src-renderer/src/api/client'
import { locale } from '../../src-renderer/src/i18n'
import { settle } from './mountWithProviders'

const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'

const PLAN: PlanView = {
  id: 7,
  name: 'nat-small',
  connection_id: 1,
  pve_node: 'pve1',
  network_mode: 'nat',
  bridge: 'vmbr0',
  storage: 'local-lvm',
  ip_pool_id: 1,
  vmid_pool_id: 2,
  port_pool_id: 3,
  router_id: 1,
  nat_rule_limit: 5,
  dns: null,
  cores: 1,
  memory_mb: 512,
  disk_gb: 8,
  swap_mode: 'equal',
  cpulimit: 1,
  cpuunits: 1024,
  rate_mbps: null,
  nesting: true,
  onboot: true,
  templates: [TEMPLATE],
  created_at: 1_700_000_000,
  updated_at: 1_700_000_000,
} as PlanView

function container(id: number): ContainerView {
  return {
    id,
    plan_id: PLAN.id,
    connection_id: 1,
    pve_node: 'pve1',
    vmid: 200 + id,
    hostname: `ct${String(id).padStart(3, '0')}`,
    template: TEMPLATE,
    owner_label: null,
    network_mode: 'nat',
    ip_address: `10.0.0.${id + 1}`,
    prefix_length: 24,
    gateway: '10.0.0.1',
    ssh_host: 'nat.example.com',
    ssh_port: 20000 + id,
    cores: 1,
    memory_mb: 512,
    disk_gb: 8,
    swap_mb: 512,
    pve_userid: null,
    state: 'running',
    last_error: null,
    steps: [],
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
  }
}

type Handler = (input: any) => unknown

/** A fake server answering the operations the screen uses; anything else is a NOT_FOUND the test would see. */
function fakeServer(handlers: Record<string, Handler>) {
  const calls: { name: string; input: any }[] = []
  const transport = vi.fn(async (name: string, input: unknown): Promise<Result<unknown>> => {
    calls.push({ name, input })
    const handler = handlers[name]
    if (!handler) return { ok: false, error: { code: 'NOT_FOUND', message: name } }
    try {
      return { ok: true, data: await handler(input) }
    } catch (error) {
      return { ok: false, error: error as never }
    }
  })
  return { transport, calls, callsTo: (name: string) => calls.filter((call) => call.name === name).map((call) => call.input) }
}

function mountScreen(component: Component, transport: unknown, props: Record<string, unknown> = {}) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', name: 'any', component: { render: () => null } }] })
  const Host = defineComponent({
    setup: () => () => h(NConfigProvider, null, () => h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(component, props)))),
  })
  return mount(Host, { attachTo: document.body, global: { plugins: [router], provide: { [API_KEY as symbol]: createApiClient('ipc', transport as never) } } })
}

const button = (test: string) => {
  const element = document.querySelector<HTMLButtonElement>(`[data-test="${test}"]`)
  if (!element) throw new Error(`no [data-test="${test}"]`)
  return element
}

async function type(selector: string, value: string): Promise<void> {
  const element = document.querySelector<HTMLInputElement>(selector)
  if (!element) throw new Error(`no ${selector}`)
  element.value = value
  element.dispatchEvent(new Event('input'))
  await nextTick()
}

const feedbackTexts = () => [...document.querySelectorAll('[data-test="container-form"] .n-form-item-feedback__line')].map((node) => node.textContent ?? '')

describe('containers list', () => {
  beforeEach(() => {
    localStorage.clear()
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const pagedServer = (total: number, plans: PlanView[] = [PLAN]) =>
    fakeServer({
      'plans.list': () => ({ items: plans }),
      'containers.list': (input: { page: number; page_size: number }) => {
        const first = (input.page - 1) * input.page_size + 1
        const count = Math.max(0, Math.min(input.page_size, total - first + 1))
        return { items: Array.from({ length: count }, (_, i) => container(first + i)), total }
      },
    })

  it('asks for one page at a time and shows plan names and SSH endpoints', async () => {
    const server = pagedServer(45)
    const wrapper = mountScreen(ContainersView, server.transport)
    await settle()
    expect(server.callsTo('containers.list')).toEqual([{ page: 1, page_size: 20, q: undefined, state: undefined, plan_id: undefined }])
    expect(wrapper.findAll('tbody tr')).toHaveLength(20)
    expect(wrapper.find('[data-test="containers-total"]').text()).toBe('45 in total')
    const firstRow = wrapper.findAll('tbody tr')[0]!.text()
    expect(firstRow).toContain('ct001')
    expect(firstRow).toContain('nat-small')
    expect(firstRow).toContain('nat.example.com:20001')

    await wrapper.findAll('.n-pagination-item').find((item) => item.text() === '3')!.trigger('click')
    await settle()
    expect(server.callsTo('containers.list').at(-1)).toMatchObject({ page: 3, page_size: 20 })
    expect(wrapper.findAll('tbody tr')).toHaveLength(5)
    wrapper.unmount()
  })

  it('sends the search after a pause in typing, and remembered filters on the next visit', async () => {
    const server = pagedServer(3)
    const wrapper = mountScreen(ContainersView, server.transport)
    await settle()
    await type('[data-test="containers-search"] input', ' ct00 ')
    await new Promise((resolve) => setTimeout(resolve, 300))
    await settle()
    expect(server.callsTo('containers.list').at(-1)).toEqual({ page: 1, page_size: 20, q: 'ct00', state: undefined, plan_id: undefined })
    wrapper.unmount()

    const stored = JSON.parse(localStorage.getItem('proxdesk.table.containers')!)
    localStorage.setItem('proxdesk.table.containers', JSON.stringify({ ...stored, filters: { q: '', state: 'stopped', plan_id: PLAN.id } }))
    const again = pagedServer(0)
    const remounted = mountScreen(ContainersView, again.transport)
    await settle()
    expect(again.callsTo('containers.list')[0]).toEqual({ page: 1, page_size: 20, q: undefined, state: 'stopped', plan_id: PLAN.id })
    expect(document.body.textContent).toContain('No containers match these filters.')
    remounted.unmount()
  })

  it('refreshes on F5, and by itself only while a row is being created or deleted', async () => {
    let state: ContainerView['state'] = 'creating'
    const server = fakeServer({
      'plans.list': () => ({ items: [PLAN] }),
      'containers.list': () => ({ items: [{ ...container(1), state }], total: 1 }),
    })
    const wrapper = mountScreen(ContainersView, server.transport)
    await settle()
    expect(server.callsTo('containers.list')).toHaveLength(1)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F5' }))
    await settle()
    expect(server.callsTo('containers.list')).toHaveLength(2)

    state = 'running'
    await vi.waitFor(() => expect(server.callsTo('containers.list')).toHaveLength(3), { timeout: 3000, interval: 100 })
    await settle()
    expect(document.querySelector('[data-state]')?.getAttribute('data-state')).toBe('running')
    await new Promise((resolve) => setTimeout(resolve, 2300))
    expect(server.callsTo('containers.list')).toHaveLength(3)
    wrapper.unmount()
  })

  it('terminates only after a confirmation that names the hostname', async () => {
    const server = fakeServer({
      'plans.list': () => ({ items: [PLAN] }),
      'containers.list': () => ({ items: [container(4)], total: 1 }),
      'containers.delete': (input: { id: number }) => ({ ...container(input.id), state: 'deleting' }),
    })
    const wrapper = mountScreen(ContainersView, server.transport)
    await settle()
    button('container-terminate').click()
    await settle()
    const dialog = document.querySelector('.n-dialog')!
    expect(dialog.textContent).toContain('Terminate ct004?')
    expect(server.callsTo('containers.delete')).toEqual([])
    const confirm = [...dialog.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === 'Terminate')!
    confirm.click()
    await settle()
    expect(server.callsTo('containers.delete')).toEqual([{ id: 4 }])
    wrapper.unmount()
  })

  it('says to create a plan first when there is none, else to create a container', async () => {
    const noPlans = mountScreen(ContainersView, pagedServer(0, []).transport)
    await settle()
    expect(document.querySelector('[data-test="containers-no-plans"]')?.textContent).toContain('Create a plan first')
    expect(button('container-create').disabled).toBe(true)
    noPlans.unmount()
    document.body.innerHTML = ''

    const withPlan = mountScreen(ContainersView, pagedServer(0).transport)
    await settle()
    expect(document.querySelector('[data-test="containers-empty"]')?.textContent).toContain('No containers yet')
    expect(button('container-create').disabled).toBe(false)
    withPlan.unmount()
  })
})

describe('create container wizard', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const wizardServer = (create: Handler) =>
    fakeServer({
      'connections.list': () => ({ items: [{ id: 1, name: 'lab' }] }),
      'plans.list': () => ({ items: [PLAN] }),
      'containers.preview': () => ({ vmid: 200, ip_address: '10.0.0.2', prefix_length: 24, gateway: '10.0.0.1', ssh_host: 'nat.example.com', ssh_port: 20000 }),
      'containers.create': create,
    })

  async function next(): Promise<void> {
    button('wizard-next').click()
    await settle()
  }

  it('checks each page with the contract’s rules before going on, and never calls create with bad input', async () => {
    const server = wizardServer(() => container(1))
    const wrapper = mountScreen(CreateContainerWizard, server.transport, { show: true })
    await settle()
    // The only connection, node, plan and template are chosen already.
    await next()
    await next()
    await type('[data-test="container-form"] input[name="hostname"]', 'Bad_Host!')
    await next()
    expect(feedbackTexts()).toEqual(expect.arrayContaining(['letters, digits and hyphens only (a DNS name)', 'at least 8 characters']))
    expect(document.querySelector('[data-test="wizard-review"]')).toBeNull()

    locale.value = 'zh-CN'
    await next()
    expect(feedbackTexts()).toEqual(expect.arrayContaining(['只能包含字母、数字和连字符（DNS 名称）', '至少 8 个字符']))
    locale.value = 'en'

    await type('[data-test="container-form"] input[name="hostname"]', 'web1')
    button('wizard-generate').click()
    await settle()
    await next()
    expect(document.querySelector('[data-test="wizard-review"]')?.textContent).toContain('web1')
    expect(document.querySelector('[data-test="preview-ssh"]')?.textContent).toBe('nat.example.com:20000')
    expect(server.callsTo('containers.preview')).toEqual([{ id: PLAN.id }])
    expect(server.callsTo('containers.create')).toEqual([])
    wrapper.unmount()
  })

  it('shows the server’s field errors beside the field, on the page that holds it', async () => {
    const server = wizardServer(() => {
      throw { code: 'VALIDATION', message: 'hostname: letters, digits and hyphens (a DNS name)', fields: { hostname: 'letters, digits and hyphens (a DNS name)' } }
    })
    const wrapper = mountScreen(CreateContainerWizard, server.transport, { show: true })
    await settle()
    await next()
    await next()
    await type('[data-test="container-form"] input[name="hostname"]', 'web1')
    await type('[data-test="container-form"] input[name="root-password"]', 'root-password-1')
    await next()
    button('wizard-create').click()
    await settle()
    expect(server.callsTo('containers.create')).toEqual([{ plan_id: PLAN.id, template: TEMPLATE, hostname: 'web1', password: 'root-password-1' }])
    expect(document.querySelector<HTMLInputElement>('[data-test="container-form"] input[name="hostname"]')).not.toBeNull()
    expect(feedbackTexts()).toContain('letters, digits and hyphens only (a DNS name)')
    await type('[data-test="container-form"] input[name="hostname"]', 'web2')
    await settle()
    expect(feedbackTexts()).not.toContain('letters, digits and hyphens only (a DNS name)')
    wrapper.unmount()
  })

  it('sends resource overrides only when they differ from the plan, then follows the saga', async () => {
    const created = { ...container(1), state: 'creating' as const, steps: [] }
    let polls = 0
    const server = fakeServer({
      'connections.list': () => ({ items: [{ id: 1, name: 'lab' }] }),
      'plans.list': () => ({ items: [PLAN] }),
      'containers.preview': () => ({ vmid: 200, ip_address: '10.0.0.2', prefix_length: 24, gateway: '10.0.0.1', ssh_host: 'nat.example.com', ssh_port: 20000 }),
      'containers.create': () => created,
      'containers.get': () => {
        polls += 1
        const step = (name: string, status: string) => ({ saga: 'create', step: name, status, error: null, updated_at: 1 })
        if (polls === 1) return { ...created, steps: [step('allocate_vmid', 'done'), step('allocate_ip', 'started')] }
        return { ...created, state: 'failed', last_error: 'create_ct: storage full', steps: [step('allocate_vmid', 'undone'), step('allocate_ip', 'undone'), step('create_ct', 'failed')] }
      },
    })
    const wrapper = mountScreen(CreateContainerWizard, server.transport, { show: true })
    await settle()
    await next()
    await type('[data-test="wizard-cores"] input', '2')
    document.querySelector('[data-test="wizard-cores"] input')!.dispatchEvent(new Event('blur'))
    await next()
    await type('[data-test="container-form"] input[name="hostname"]', 'web1')
    await type('[data-test="container-form"] input[name="root-password"]', 'root-password-1')
    await next()
    button('wizard-create').click()
    await settle()
    expect(server.callsTo('containers.create')[0]).toEqual({ plan_id: PLAN.id, template: TEMPLATE, cores: 2, hostname: 'web1', password: 'root-password-1' })

    const statuses = () => [...document.querySelectorAll('[data-test="saga-steps"] [data-step]')].map((item) => `${item.getAttribute('data-step')}:${item.getAttribute('data-status')}`)
    expect(statuses()).toEqual(['allocate_vmid:pending', 'allocate_ip:pending', 'create_pve_user:pending', 'create_ct:pending', 'start_ct:pending', 'map_ssh:pending'])
    await vi.waitFor(() => expect(statuses()).toContain('allocate_ip:started'), { timeout: 2000 })
    await vi.waitFor(() => expect(document.querySelector('[data-test="wizard-failed"]')?.textContent).toContain('create_ct: storage full'), { timeout: 2000 })
    expect(statuses()).toEqual(['allocate_vmid:undone', 'allocate_ip:undone', 'create_pve_user:pending', 'create_ct:failed', 'start_ct:pending', 'map_ssh:pending'])
    const pollsWhenSettled = polls
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(polls).toBe(pollsWhenSettled)
    wrapper.unmount()
  })
})
