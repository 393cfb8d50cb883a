// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { Result } from '@shared/errors'
import UserFormDrawer from '../../src-renderer/src/components/users/UserFormDrawer.vue'
import { locale } from '../../src-renderer/src/i18n'
import { mountWithProviders, settle } from './mountWithProviders'

function input(name: string): HTMLInputElement {
  const element = document.querySelector<HTMLInputElement>(`[data-test="user-form"] input[name="${name}"]`)
  if (!element) throw new Error(`no input ${name}`)
  return element
}

async function type(name: string, value: string): Promise<void> {
  const element = input(name)
  element.value = value
  element.dispatchEvent(new Event('input'))
  await nextTick()
}

function feedbackTexts(): string[] {
  return [...document.querySelectorAll('[data-test="user-form"] .n-form-item-feedback__line')].map((node) => node.textContent ?? '')
}

async function submit(): Promise<void> {
  document.querySelector<HTMLButtonElement>('[data-test="user-form-submit"]')!.click()
  await settle()
}

describe('user form', () => {
  beforeEach(() => {
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('checks fields with the contract’s own zod rules before calling the server', async () => {
    const transport = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, data: null }))
    const wrapper = mountWithProviders(UserFormDrawer, transport as never, { show: true, user: null })
    await settle()
    await type('username', 'a!')
    await type('password', 'short')
    await submit()
    expect(transport).not.toHaveBeenCalled()
    expect(feedbackTexts()).toEqual(expect.arrayContaining(['at least 3 characters', 'at least 8 characters']))
    wrapper.unmount()
  })

  it('says the rules in Chinese when the UI is in Chinese', async () => {
    locale.value = 'zh-CN'
    const transport = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, data: null }))
    const wrapper = mountWithProviders(UserFormDrawer, transport as never, { show: true, user: null })
    await settle()
    await type('username', 'ab')
    await submit()
    expect(feedbackTexts()).toEqual(expect.arrayContaining(['至少 3 个字符', '至少 8 个字符']))
    wrapper.unmount()
  })

  it('shows the server’s VALIDATION fields next to their inputs and clears them on edit', async () => {
    const transport = vi.fn(async (): Promise<Result<unknown>> => ({
      ok: false,
      error: { code: 'CONFLICT', message: 'username is already taken', fields: { username: 'username is already taken' } },
    }))
    const wrapper = mountWithProviders(UserFormDrawer, transport as never, { show: true, user: null })
    await settle()
    await type('username', 'alice')
    await type('password', 'alice-password')
    await submit()
    expect(transport).toHaveBeenCalledWith('users.create', expect.objectContaining({ username: 'alice', password: 'alice-password', permission: 'user', is_active: true, proxy_expire_ts: null }))
    expect(feedbackTexts()).toContain('already taken')
    await type('username', 'alice2')
    await settle()
    expect(feedbackTexts()).not.toContain('already taken')
    wrapper.unmount()
  })

  it('sends only the fields an edit changed', async () => {
    const transport = vi.fn(async (_name: string, input: unknown): Promise<Result<unknown>> => ({ ok: true, data: input }))
    const user = {
      id: 5,
      username: 'bob',
      permission: 'user',
      is_active: true,
      proxy_expire_ts: 1_900_000_000,
      proxy_usable: true,
      legacy_password: false,
      register_ts: 0,
      register_ip: null,
      last_login_ts: null,
      last_login_ip: null,
      created_at: 0,
      updated_at: 0,
    }
    const opened = mountWithProviders(UserFormDrawer, transport as never, { show: true, user })
    await settle()
    document.querySelector<HTMLButtonElement>('[data-test="expiry-never"]')!.click()
    await settle()
    await submit()
    expect(transport).toHaveBeenCalledWith('users.update', { id: 5, proxy_expire_ts: null })
    opened.unmount()
  })
})
