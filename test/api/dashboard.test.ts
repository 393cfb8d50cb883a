import { describe, expect, it } from 'vitest'
import { useTestApi } from '../helpers/testApi'

describe('GET /api/dashboard', () => {
  const api = useTestApi()

  it('counts users, node groups and containers for admins only', async () => {
    const t = await api()
    const now = t.core.clock.now()
    await t.userToken('soon', { proxy_expire_ts: now + 3 * 86400 })
    await t.userToken('gone', { proxy_expire_ts: now - 10 })
    await t.request('POST', '/api/users', { token: t.adminToken, body: { username: 'off', password: 'off-password', is_active: false } })
    const plain = await t.userToken('plain')
    for (const [group, ip, expire] of [['a', '192.0.2.1', null], ['a', '192.0.2.2', null], ['b', '192.0.2.3', now - 5], ['c', '192.0.2.4', now + 86400]] as const) {
      await t.request('POST', '/api/nodes', { token: t.adminToken, body: { server_group: group, ip_address: ip, expire_ts: expire } })
    }

    const summary = await t.request('GET', '/api/dashboard', { token: t.adminToken })
    expect(summary.status).toBe(200)
    expect(summary.json.public_url).toBe('https://panel.example.com')
    // root, soon, plain active (soon also expiring); gone expired; off disabled.
    expect(summary.json.users).toEqual({ total: 5, active: 3, disabled: 1, expiring: 1, expired: 1 })
    expect(summary.json.node_groups).toEqual({ total: 3, usable: 2, expiring: 1, expired: 1 })
    expect(summary.json.containers).toContainEqual({ state: 'running', count: 0 })
    expect((await t.request('GET', '/api/dashboard', { token: plain.token })).status).toBe(403)
  })

  it('sorts the user list by an indexed column in either direction', async () => {
    const t = await api()
    for (const name of ['carol', 'alice', 'bob']) await t.request('POST', '/api/users', { token: t.adminToken, body: { username: name, password: `${name}-password` } })
    const names = async (query: string) => (await t.request('GET', `/api/users?${query}`, { token: t.adminToken })).json.items.map((u: { username: string }) => u.username)
    expect(await names('sort=username')).toEqual(['alice', 'bob', 'carol', 'root'])
    expect(await names('sort=username&order=desc&page_size=2')).toEqual(['root', 'carol'])
    expect(await names('order=desc&page_size=1')).toEqual(['bob'])
    expect((await t.request('GET', '/api/users?sort=password_hash', { token: t.adminToken })).status).toBe(400)
  })
})
