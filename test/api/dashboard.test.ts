import { describe, expect, it } from 'vitest'
import { useTestApi, type TestApi } from '../helpers/testApi'
import { AUTH_FAILURE_SQL } from '../../src-main/core/dashboard/recentAuthFailures'
import { RECENT_LOGINS_SQL } from '../../src-main/core/dashboard/recentLogins'
import { POOL_USAGE_SQL } from '../../src-main/core/dashboard/poolUsage'

async function created(t: TestApi, path: string, body: Record<string, unknown>) {
  const response = await t.request('POST', path, { token: t.adminToken, body })
  if (response.status !== 201) throw new Error(response.body)
  return response.json
}

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

  it('shows every pool with its usage, counted without reading the allocations', async () => {
    const t = await api()
    expect((await t.request('GET', '/api/dashboard', { token: t.adminToken })).json.pools).toEqual([])
    const lan = await created(t, '/api/pools', { kind: 'ipv4', name: 'lan', cidr: '10.20.0.0/24', gateway: '10.20.0.1', reserved: ['10.20.0.2'] })
    const ports = await created(t, '/api/pools', { kind: 'port', name: 'nat', first: 30000, last: 30009 })
    for (let i = 0; i < 3; i++) t.core.services.pools.allocate(lan.id, `test:${i}`)
    t.core.services.pools.allocate(ports.id, 'nat:1')

    const summary = await t.request('GET', '/api/dashboard', { token: t.adminToken })
    // 256 addresses minus network, broadcast, gateway and one reserved.
    expect(summary.json.pools).toEqual([
      { id: lan.id, name: 'lan', kind: 'ipv4', used: 3, total: 252 },
      { id: ports.id, name: 'nat', kind: 'port', used: 1, total: 10 },
    ])
  })

  it('lists the latest proxy-auth failures written through the real endpoint, with a 24 h count, and no secret', async () => {
    const t = await api()
    await created(t, '/api/nodes', { ip_address: '192.0.2.1', server_group: 'hk' })
    const groups = (await t.request('GET', '/api/node-groups', { token: t.adminToken })).json.items as Array<{ server_group: string; node_key: string }>
    const nodeKey = groups.find((g) => g.server_group === 'hk')!.node_key
    const alice = await t.userToken('alice', { proxy_password: 'alice-proxy-pass' })
    const auth = async (key: string, authString: string, ip = '192.0.2.1') =>
      (await t.request('POST', `/api/proxy/auth/${key}`, { body: { addr: '203.0.113.9:51234', auth: authString, tx: 0 }, ip })).json.ok

    expect(await auth(nodeKey, 'alice:stale-password-1')).toBe(false)
    t.core.clock.advance(25 * 3600)
    const fresh = (await t.request('POST', '/api/login', { body: { username: 'root', password: 'root-password' } })).json.token as string
    expect(await auth(nodeKey, 'alice:alice-proxy-pass')).toBe(true)
    for (let i = 0; i < 11; i++) await auth(nodeKey, `alice:wrong-password-${i}`)
    await auth(nodeKey, 'mallory:guessed-password')
    await auth('not-a-node-key-not-a-node-key', 'alice:alice-proxy-pass', '198.51.100.66')

    // No manual flush: the dashboard writes the deferred entries itself before reading them.
    const summary = await t.request('GET', '/api/dashboard', { token: fresh })
    const failures = summary.json.recent_auth_failures
    expect(failures.last_24h).toBe(13)
    const now = t.core.clock.now()
    const [stranger, mallory, ...refused] = failures.items
    expect(stranger).toEqual({
      id: expect.any(Number), ts: now, username: 'alice', node_group: null, proxy_node_ip: null, client_addr: '198.51.100.66', reason: 'unknown_node_key', occurrences: 1,
    })
    expect(mallory).toEqual({
      id: expect.any(Number), ts: now, username: 'mallory', node_group: 'hk', proxy_node_ip: '192.0.2.1', client_addr: '203.0.113.9', reason: 'unknown_user', occurrences: 1,
    })
    // The eleven identical refusals are one row (two, if the batch was written between them); the stale one of
    // 25 h ago stays a row of its own, with its own time, and out of the day's count.
    expect(refused.every((item: { reason: string }) => item.reason === 'wrong_password')).toBe(true)
    const occurrencesAt = (ts: number) => refused.filter((item: { ts: number }) => item.ts === ts).reduce((sum: number, item: { occurrences: number }) => sum + item.occurrences, 0)
    expect(occurrencesAt(now)).toBe(11)
    expect(occurrencesAt(now - 25 * 3600)).toBe(1)
    expect(refused.length).toBeLessThanOrEqual(3)
    const ids = failures.items.map((item: { id: number }) => item.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))

    const body = summary.body
    for (const secret of [nodeKey, 'alice-proxy-pass', 'wrong-password', 'guessed-password', 'root-password', fresh, t.adminToken, alice.token, alice.sub_token]) {
      expect(body, secret).not.toContain(secret)
    }
  })

  it('lists the latest sign-ins, successful or not, newest first, without the passwords tried', async () => {
    const t = await api()
    const login = (username: string, password: string, ip: string) => t.request('POST', '/api/login', { body: { username, password }, ip })
    expect((await login('root', 'typo-password', '198.51.100.7')).status).toBe(401)
    expect((await login('ghost', 'ghost-password', '198.51.100.8')).status).toBe(401)
    t.core.clock.advance(60)
    expect((await login('root', 'root-password', '198.51.100.9')).status).toBe(200)

    const summary = await t.request('GET', '/api/dashboard', { token: t.adminToken })
    const now = t.core.clock.now()
    expect(summary.json.recent_logins).toEqual([
      { id: expect.any(Number), ts: now, username: 'root', ip: '198.51.100.9', success: true, reason: null },
      { id: expect.any(Number), ts: now - 60, username: 'ghost', ip: '198.51.100.8', success: false, reason: 'unknown_user' },
      { id: expect.any(Number), ts: now - 60, username: 'root', ip: '198.51.100.7', success: false, reason: 'wrong_password' },
      // The sign-in useTestApi made for the admin token.
      { id: expect.any(Number), ts: now - 60, username: 'root', ip: '203.0.113.10', success: true, reason: null },
    ])
    for (const secret of ['typo-password', 'ghost-password', 'root-password', t.adminToken]) expect(summary.body, secret).not.toContain(secret)

    for (let i = 0; i < 12; i++) await login('root', `typo-${i}`, '198.51.100.7')
    const capped = (await t.request('GET', '/api/dashboard', { token: t.adminToken })).json.recent_logins
    expect(capped).toHaveLength(10)
    expect(capped.every((entry: { success: boolean }) => !entry.success)).toBe(true)
  })

  it('reads the audit log only through ix_audit_log_kind_ts seeks', async () => {
    const t = await api()
    const sqlite = t.core.services.db.sqlite
    const plan = (sql: string, ...params: unknown[]) => (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail)
    const auditSteps = [...plan(AUTH_FAILURE_SQL.latest, 10), ...plan(AUTH_FAILURE_SQL.countSince, 0), ...plan(RECENT_LOGINS_SQL, { limit: 10 })].filter((step) => step.includes('audit_log'))
    expect(auditSteps).toHaveLength(4)
    for (const step of auditSteps) expect(step).toMatch(/^SEARCH audit_log USING (COVERING )?INDEX ix_audit_log_kind_ts \(kind=\?/)
    expect(plan(POOL_USAGE_SQL).join(' ')).not.toContain('pool_allocations')
  })
})
