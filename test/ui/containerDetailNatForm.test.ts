// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { Result } from '@shared/errors'
import type { NatMappingView } from '@shared/domain/nat'
import NatAddForm from '../../src-renderer/src/components/containerDetail/NatAddForm.vue'
import { locale } from '../../src-renderer/src/i18n'
import { mountWithProviders, settle } from './mountWithProviders'

const form = () => document.querySelector('[data-test="nat-form"]')!

async function type(name: string, value: string): Promise<void> {
  const element = form().querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (!element) throw new Error(`no input ${name}`)
  element.value = value
  element.dispatchEvent(new Event('input'))
  element.dispatchEvent(new Event('blur'))
  await nextTick()
}

async function click(selector: string): Promise<void> {
  const element = document.querySelector<HTMLElement>(selector)
  if (!element) throw new Error(`nothing matches ${selector}`)
  element.click()
  await settle()
}

const feedback = () => [...form().querySelectorAll('.n-form-item-feedback__line')].map((node) => node.textContent ?? '')
const submit = () => click('[data-test="nat-form-submit"]')

function mapping(overrides: Partial<NatMappingView> = {}): NatMappingView {
  return {
    id: 1,
    container_id: 7,
    router_id: 1,
    purpose: 'custom',
    protocol: 'tcp',
    external_host: 'nat.example.com',
    external_port: '20000',
    internal_address: '10.0.0.2',
    internal_port: '22',
    state: 'active',
    router_rule_id: 5,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
    ...overrides,
  }
}

function replying(reply: Result<unknown>) {
  return vi.fn(async (_name: string, _input: unknown): Promise<Result<unknown>> => reply)
}

describe('NAT add form', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('needs an internal port and a range that does not run backwards', async () => {
    const transport = replying({ ok: true, data: mapping() })
    const wrapper = mountWithProviders(NatAddForm, transport as never, { show: true, containerId: 7 })
    await settle()
    await submit()
    expect(transport).not.toHaveBeenCalled()
    expect(feedback()).toEqual(['required'])

    await type('internal_port', '40000')
    await click('[data-test="nat-range"]')
    await type('internal_port_last', '39000')
    await submit()
    expect(transport).not.toHaveBeenCalled()
    expect(feedback()).toEqual(['must not be below the first internal port'])

    await type('purpose', 'Hysteria')
    await submit()
    expect(feedback()).toEqual(expect.arrayContaining(['lowercase letters, digits and -, starting with a letter, e.g. web or hysteria']))
    wrapper.unmount()
  })

  it('sends a UDP range with the external port left to the pool', async () => {
    const onAdded = vi.fn()
    const added = mapping({ protocol: 'udp', purpose: 'hysteria', external_port: '20000-20999', internal_port: '40000-40999' })
    const transport = replying({ ok: true, data: added })
    const wrapper = mountWithProviders(NatAddForm, transport as never, { show: true, containerId: 7, onAdded })
    await settle()
    await click('[data-protocol="udp"] input')
    await type('internal_port', '40000')
    await click('[data-test="nat-range"]')
    await type('internal_port_last', '40999')
    await type('purpose', 'hysteria')
    await submit()
    expect(transport).toHaveBeenCalledTimes(1)
    expect(transport.mock.calls[0]).toEqual(['nat.add', { id: 7, purpose: 'hysteria', protocol: 'udp', internal_port: 40000, internal_port_last: 40999 }])
    expect(onAdded).toHaveBeenCalledWith(added)
    wrapper.unmount()
  })

  it('shows an exhausted pool next to the external port', async () => {
    const transport = replying({ ok: false, error: { code: 'POOL_EXHAUSTED', message: 'pool wan-ports has no 1000 consecutive free ports left' } })
    const wrapper = mountWithProviders(NatAddForm, transport as never, { show: true, containerId: 7 })
    await settle()
    await type('internal_port', '443')
    await submit()
    expect(transport).toHaveBeenCalledTimes(1)
    const externalItem = document.querySelector('[data-test="nat-external"]')!
    expect(externalItem.textContent).toContain('The plan’s port pool has no free run of this length left')
    wrapper.unmount()
  })

  it('shows a taken external port next to that field, in Chinese too', async () => {
    locale.value = 'zh-CN'
    const transport = replying({
      ok: false,
      error: { code: 'CONFLICT', message: 'external_port: 20005 is already allocated', fields: { external_port: '20005 is already allocated to nat:3' } },
    })
    const wrapper = mountWithProviders(NatAddForm, transport as never, { show: true, containerId: 7 })
    await settle()
    await type('internal_port', '80')
    await click('[data-test="nat-external-chosen"] input')
    await type('external_port', '20005')
    await submit()
    expect(transport.mock.calls[0]).toEqual(['nat.add', { id: 7, purpose: 'custom', protocol: 'tcp', internal_port: 80, external_port: 20005 }])
    expect(document.querySelector('[data-test="nat-external"] .n-form-item-feedback__line')?.textContent).toBe('端口 20005 已被占用')
    wrapper.unmount()
  })

  it('says when the plan allows no more mappings', async () => {
    const transport = replying({ ok: false, error: { code: 'CONFLICT', message: 'this plan allows 5 port mappings per container', fields: { id: 'mapping limit reached' } } })
    const wrapper = mountWithProviders(NatAddForm, transport as never, { show: true, containerId: 7 })
    await settle()
    await type('internal_port', '80')
    await submit()
    expect(document.querySelector('[data-test="nat-form-error"]')?.textContent).toContain('This plan allows no more port mappings for this container.')
    wrapper.unmount()
  })
})
