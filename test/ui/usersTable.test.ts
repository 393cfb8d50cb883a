// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UserView } from '@shared/domain/users'
import type { Result } from '@shared/errors'
import UsersView from '../../src-renderer/src/views/UsersView.vue'
import { locale } from '../../src-renderer/src/i18n'
import { mountWithProviders, settle } from './mountWithProviders'

function user(id: number): UserView {
  return {
    id,
    username: `user${String(id).padStart(6, '0')}`,
    permission: 'user',
    is_active: true,
    proxy_expire_ts: null,
    proxy_usable: true,
    legacy_password: false,
    register_ts: 1_700_000_000,
    register_ip: null,
    last_login_ts: null,
    last_login_ip: null,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
  }
}

/** A fake server with 100,000 users that pages like users.list does. */
function fakeUsers() {
  const calls: Record<string, unknown>[] = []
  const transport = vi.fn(async (name: string, input: unknown): Promise<Result<unknown>> => {
    if (name !== 'users.list') return { ok: false, error: { code: 'NOT_FOUND', message: name } }
    const query = input as { page: number; page_size: number; is_active?: boolean; sort?: string; order?: string }
    calls.push(query as unknown as Record<string, unknown>)
    const total = query.is_active === false ? 3 : 100_000
    const first = (query.page - 1) * query.page_size + 1
    const ids = Array.from({ length: Math.max(0, Math.min(query.page_size, total - first + 1)) }, (_, i) => first + i)
    if (query.order === 'desc') ids.forEach((_, i) => (ids[i] = total - (first - 1) - i))
    return { ok: true, data: { items: ids.map(user), total } }
  })
  return { transport, calls }
}

describe('users table', () => {
  beforeEach(() => {
    localStorage.clear()
    locale.value = 'en'
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('asks the server for one page at a time and shows the total', async () => {
    const { transport, calls } = fakeUsers()
    const wrapper = mountWithProviders(UsersView, transport as never)
    await settle()
    expect(calls).toEqual([{ page: 1, page_size: 20, q: undefined, permission: undefined, is_active: undefined, sort: undefined, order: undefined }])
    expect(wrapper.findAll('tbody tr')).toHaveLength(20)
    expect(wrapper.text()).toContain('user000001')
    expect(wrapper.find('[data-test="users-total"]').text()).toBe('100000 in total')
    // naive-ui shows the last page number of 5,000 in the pager.
    expect(wrapper.text()).toContain('5000')

    const next = wrapper.findAll('.n-pagination-item').find((item) => item.text() === '2')!
    await next.trigger('click')
    await settle()
    expect(calls.at(-1)).toMatchObject({ page: 2, page_size: 20 })
    expect(wrapper.text()).toContain('user000021')
    expect(wrapper.text()).not.toContain('user000001')
    wrapper.unmount()
  })

  it('sorts on the server and remembers page size and sort for next time', async () => {
    const { transport, calls } = fakeUsers()
    const wrapper = mountWithProviders(UsersView, transport as never)
    await settle()
    const idHeader = wrapper.findAll('th').find((th) => th.text().startsWith('ID'))!
    // naive-ui cycles a column descending, ascending, then unsorted.
    await idHeader.trigger('click')
    await settle()
    expect(calls.at(-1)).toMatchObject({ page: 1, sort: 'id', order: 'desc' })
    expect(wrapper.findAll('tbody tr')[0]!.text()).toContain('user100000')
    await idHeader.trigger('click')
    await settle()
    expect(calls.at(-1)).toMatchObject({ sort: 'id', order: 'asc' })
    await idHeader.trigger('click')
    await settle()
    await idHeader.trigger('click')
    await settle()
    expect(calls.at(-1)).toMatchObject({ sort: 'id', order: 'desc' })
    wrapper.unmount()

    const stored = JSON.parse(localStorage.getItem('proxdesk.table.users')!)
    expect(stored).toMatchObject({ pageSize: 20, sort: { key: 'id', order: 'desc' } })
    localStorage.setItem('proxdesk.table.users', JSON.stringify({ ...stored, pageSize: 50 }))
    const again = fakeUsers()
    const remounted = mountWithProviders(UsersView, again.transport as never)
    await settle()
    expect(again.calls[0]).toMatchObject({ page: 1, page_size: 50, sort: 'id', order: 'desc' })
    remounted.unmount()
  })

  it('ignores stored table settings that no longer fit', async () => {
    localStorage.setItem('proxdesk.table.users', JSON.stringify({ pageSize: 7, filters: { q: 1 }, sort: { key: 'password_hash', order: 'asc' } }))
    const { transport, calls } = fakeUsers()
    const wrapper = mountWithProviders(UsersView, transport as never)
    await settle()
    expect(calls[0]).toMatchObject({ page: 1, page_size: 20, sort: undefined })
    wrapper.unmount()
  })
})
