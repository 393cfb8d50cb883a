// Attacks on the REST API: SQL in every kind of field, CRLF and spoofed headers, oversized bodies, other
// people's and stale tokens, and plain users on admin routes. Each is refused with its documented status (or,
// for a search, finds nothing) and no table changes.
import { describe, expect, it } from 'vitest'
import { contract, OPERATION_NAMES } from '../../src-shared/contract/index'
import { isCarriedBy } from '../../src-shared/contract/operation'
import { useTestApi, type TestApi } from '../helpers/testApi'
import { expectUnchangedSince, snapshotDatabase } from './databaseSnapshot'

const SQL = ["' OR '1'='1", "x'; DROP TABLE users; --", '1 OR 1=1', "admin'--", '%', '_', "\\' UNION SELECT password_hash FROM users --"]

/** The operation's REST path with every {param} filled in. */
function urlOf(path: string, value: string): string {
  return path.replace(/\{\w+\}/g, encodeURIComponent(value))
}

async function world(t: TestApi) {
  await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: '192.0.2.1', server_group: 'hk' } })
  const alice = await t.userToken('alice', { proxy_password: 'alice-proxy-pass' })
  const bob = await t.userToken('bob')
  return { alice, bob }
}

describe('injection attempts', () => {
  const api = useTestApi()

  it('finds nothing and changes nothing with SQL in searches, filters, ids and secrets', async () => {
    const t = await api()
    await world(t)
    const before = snapshotDatabase(t.core.services)
    for (const attack of SQL) {
      const q = encodeURIComponent(attack)
      const users = await t.request('GET', `/api/users?q=${q}`, { token: t.adminToken })
      expect(users.status).toBe(200)
      expect(users.json.items, `q=${attack}`).toEqual([])
      for (const filter of ['server_group', 'domain', 'ip_address']) {
        const nodes = await t.request('GET', `/api/nodes?${filter}=${q}`, { token: t.adminToken })
        expect([200, 400], `${filter}=${attack}`).toContain(nodes.status)
        if (nodes.status === 200) expect(nodes.json.items).toEqual([])
      }
      const audit = await t.request('GET', `/api/audit?actor=${q}`, { token: t.adminToken })
      expect(audit.json.items ?? [], `actor=${attack}`).toEqual([])
      for (const [method, url] of [['GET', `/api/users/${q}`], ['DELETE', `/api/nodes/${q}`], ['GET', `/api/pools/${q}`], ['GET', `/api/containers/${q}`]]) {
        expect((await t.request(method!, url!, { token: t.adminToken })).status, url).toBe(400)
      }
      expect((await t.request('GET', `/sub/${q}`)).status).toBe(404)
      const auth = await t.request('POST', `/api/proxy/auth/${q}`, { body: { addr: '203.0.113.9:1', auth: `alice:${attack}` } })
      expect(auth.json).toEqual({ ok: false, id: '' })
      const login = await t.request('POST', '/api/login', { body: { username: attack, password: attack } })
      expect([400, 401]).toContain(login.status)
    }
    expectUnchangedSince(t.core.services, before, 'SQL attempts')
    expect(t.core.services.db.sqlite.prepare('SELECT count(*) FROM users').pluck().get()).toBe(3)
  })

  it('never reflects CRLF into a response header and ignores a spoofed X-Forwarded-For', async () => {
    const t = await api()
    const { alice } = await world(t)
    const splitting = await t.request('GET', `/sub/${alice.sub_token}?format=uri%0d%0aX-Injected:%201`)
    expect(splitting.status).toBe(400)
    expect(splitting.headers['x-injected']).toBeUndefined()
    const login = await t.request('POST', '/api/login', { body: { username: 'alice', password: 'wrong-password' }, headers: { 'x-forwarded-for': '10.9.8.7' }, ip: '203.0.113.50' })
    expect(login.status).toBe(401)
    const entry = t.core.services.audit.list({ page: 1, page_size: 1, kind: 'login.failure' }).items[0]
    expect(entry?.ip).toBe('203.0.113.50')
  })

  it('refuses over-long path segments and oversized bodies in the API’s error format, changing nothing', async () => {
    const t = await api()
    await world(t)
    const before = snapshotDatabase(t.core.services)
    const longSegment = await t.request('GET', `/api/users/${'9'.repeat(500)}`, { token: t.adminToken })
    expect(longSegment.status).toBe(400)
    expect(longSegment.json.error).toMatchObject({ code: 'VALIDATION', fields: { path: expect.any(String) } })
    const big = 'x'.repeat(70_000)
    for (const [url, body, token] of [
      ['/api/login', { username: 'alice', password: big }, undefined],
      ['/api/users', { username: 'carol', password: big }, t.adminToken],
      ['/api/proxy/auth/some-node-key', { addr: '203.0.113.9:1', auth: `alice:${big}` }, undefined],
      ['/api/nodes', { ip_address: '192.0.2.9', server_group: big }, t.adminToken],
    ] as const) {
      const response = await t.request('POST', url, { body, token })
      expect(response.status, url).toBe(413)
      expect(response.json.error.code).toBe('PAYLOAD_TOO_LARGE')
    }
    expectUnchangedSince(t.core.services, before, 'oversized requests')
  })
})

describe('authentication and authorization', () => {
  const api = useTestApi()

  it('refuses every admin operation to a plain user (403), every non-public one to strangers (401) and desktop-only ones to all (403), changing nothing', async () => {
    const t = await api()
    const { alice } = await world(t)
    const before = snapshotDatabase(t.core.services)
    for (const name of OPERATION_NAMES) {
      const { access, http } = contract[name]
      if (access === 'public') continue
      const url = urlOf(http.path, '1')
      const body = http.method === 'POST' || http.method === 'PUT' ? {} : undefined
      const stranger = isCarriedBy(contract[name], 'http') ? 401 : 403
      if (access === 'admin') expect((await t.request(http.method, url, { token: alice.token, body })).status, `${name} as a user`).toBe(403)
      expect((await t.request(http.method, url, { body })).status, `${name} anonymously`).toBe(stranger)
      expect((await t.request(http.method, url, { token: 'not-a-real-token-not-a-real-token', body })).status, `${name} with a forged token`).toBe(stranger)
    }
    expectUnchangedSince(t.core.services, before, 'refused operations')
  })

  it('keeps each user to their own account: another user’s token changes only its owner', async () => {
    const t = await api()
    const { alice, bob } = await world(t)
    expect((await t.request('GET', `/api/users/${bob.id}`, { token: alice.token })).status).toBe(403)
    expect((await t.request('PUT', `/api/users/${bob.id}`, { token: alice.token, body: { is_active: false } })).status).toBe(403)
    const bobBefore = t.core.services.db.sqlite.prepare('SELECT * FROM users WHERE id = ?').get(bob.id)
    const rotated = await t.request('POST', '/api/users/me/sub-token', { token: alice.token })
    expect(rotated.status).toBe(200)
    expect(t.core.services.db.sqlite.prepare('SELECT * FROM users WHERE id = ?').get(bob.id)).toEqual(bobBefore)
    expect((await t.request('GET', '/api/users/me', { token: alice.token })).json.username).toBe('alice')
  })

  it('refuses expired, logged-out and disabled sessions with 401', async () => {
    const t = await api()
    const { alice, bob } = await world(t)
    expect((await t.request('POST', '/api/logout', { token: bob.token })).status).toBe(204)
    expect((await t.request('GET', '/api/users/me', { token: bob.token })).status).toBe(401)
    await t.request('PUT', `/api/users/${alice.id}`, { token: t.adminToken, body: { is_active: false } })
    expect((await t.request('GET', '/api/users/me', { token: alice.token })).status).toBe(401)
    t.core.clock.advance(13 * 3600)
    const before = snapshotDatabase(t.core.services)
    const expired = await t.request('POST', '/api/users', { token: t.adminToken, body: { username: 'mallory', password: 'long-enough' } })
    expect(expired.status).toBe(401)
    expect(expired.json.error.code).toBe('UNAUTHENTICATED')
    expectUnchangedSince(t.core.services, before, 'expired session')
  })
})
