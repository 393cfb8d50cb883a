// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { Result } from '@shared/errors'
import SnapshotForm from '../../src-renderer/src/components/containerDetail/SnapshotForm.vue'
import { locale } from '../../src-renderer/src/i18n'
import { mountWithProviders, settle } from './mountWithProviders'

function field(name: string): HTMLInputElement | HTMLTextAreaElement {
  const element = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-test="snapshot-form"] [name="${name}"]`)
  if (!element) throw new Error(`no field ${name}`)
  return element
}

async function type(name: string, value: string): Promise<void> {
  const element = field(name)
  element.value = value
  element.dispatchEvent(new Event('input'))
  await nextTick()
}

const feedback = () => [...document.querySelectorAll('[data-test="snapshot-form"] .n-form-item-feedback__line')].map((node) => node.textContent ?? '')

async function submit(): Promise<void> {
  document.querySelector<HTMLButtonElement>('[data-test="snapshot-form-submit"]')!.click()
  await settle()
}

describe('snapshot form', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the shared snapshotName rule next to the name and does not call the server', async () => {
    const transport = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, data: null }))
    const wrapper = mountWithProviders(SnapshotForm, transport as never, { show: true, containerId: 7 })
    await settle()
    await type('name', '1-before')
    await submit()
    expect(transport).not.toHaveBeenCalled()
    expect(feedback()).toEqual(['start with a letter; letters, digits, _ and - only; 2 to 40 characters'])
    wrapper.unmount()
  })

  it('says the rule in Chinese when the UI is in Chinese', async () => {
    locale.value = 'zh-CN'
    const transport = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, data: null }))
    const wrapper = mountWithProviders(SnapshotForm, transport as never, { show: true, containerId: 7 })
    await settle()
    await type('name', 'has space')
    await submit()
    expect(transport).not.toHaveBeenCalled()
    expect(feedback()).toEqual(['以字母开头，只能包含字母、数字、_ 和 -，长度 2 到 40 个字符'])
    wrapper.unmount()
  })

  it('takes a valid snapshot, waits for the task and reports it', async () => {
    let finish: (result: Result<unknown>) => void = () => {}
    const transport = vi.fn((_name: string, _input: unknown) => new Promise<Result<unknown>>((resolve) => (finish = resolve)))
    const onTaken = vi.fn()
    const wrapper = mountWithProviders(SnapshotForm, transport as never, { show: true, containerId: 7, onTaken })
    await settle()
    await type('name', 'before-upgrade')
    await type('description', 'kernel 6.8')
    await submit()
    expect(transport).toHaveBeenCalledWith('containers.createSnapshot', { id: 7, name: 'before-upgrade', description: 'kernel 6.8' })
    expect(document.querySelector('[data-test="task-progress"]')?.textContent).toContain('Taking snapshot before-upgrade')
    finish({ ok: true, data: { upid: 'UPID:pve1:1:2:3:vzsnapshot:200:root@pam:', ok: true, exitstatus: 'OK' } })
    await settle()
    expect(onTaken).toHaveBeenCalledWith('before-upgrade')
    expect(document.body.textContent).toContain('Snapshot before-upgrade taken')
    wrapper.unmount()
  })
})
