import { describe, expect, it } from 'vitest'
import { useTestApi } from '../helpers/testApi'

const FORBIDDEN_IN_RESPONSES = [/password_hash/, /login_password_md5/, /\$argon2/, /5f4dcc3b5aa765d61d8327deb882cf99/i, /"v1:/]

function expectNoSecrets(body: string): void {
  for (const pattern of FORBIDDEN_IN_RESPONSES) expect(body).not.toMatch(pattern)
}

describe('/api/users', () => {
  const api = useTestApi()

  it('lets an admin create, read, page, filter, update and delete users', async () => {
    const t = await api()
    const created = await t.request('POST', '/api/users', {
      token: t.adminToken,
      body: { username: 'alice', password: 'alice-password', proxy_password: 'alice-proxy-1', proxy_expire_ts: 0 },
      ip: '192.0.2.5',
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ username: 'alice', permission: 'user', is_active: true, proxy_expire_ts: null, register_ip: '192.0.2.5', proxy_password: 'alice-proxy-1' })
    expect(created.json.sub_token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    for (const name of ['bob', 'carol', 'dave']) await t.request('POST', '/api/users', { token: t.adminToken, body: { username: name, password: `${name}-password` } })

    const one = await t.request('GET', `/api/users/${created.json.id}`, { token: t.adminToken })
    expect(one.json).not.toHaveProperty('proxy_password')
    const page = await t.request('GET', '/api/users?page=2&page_size=2', { token: t.adminToken })
    expect(page.json.total).toBe(5)
    expect(page.json.items.map((u: { username: string }) => u.username)).toEqual(['bob', 'carol'])
    const byPrefix = await t.request('GET', '/api/users?q=CA', { token: t.adminToken })
    expect(byPrefix.json.items.map((u: { username: string }) => u.username)).toEqual(['carol'])
    const admins = await t.request('GET', '/api/users?permission=admin', { token: t.adminToken })
    expect(admins.json.items.map((u: { username: string }) => u.username)).toEqual(['root'])

    const updated = await t.request('PUT', `/api/users/${created.json.id}`, { token: t.adminToken, body: { is_active: false, proxy_expire_ts: 1_900_000_000 } })
    expect(updated.status).toBe(200)
    expect(updated.json).toMatchObject({ is_active: false, proxy_expire_ts: 1_900_000_000, proxy_usable: false })
    const inactive = await t.request('GET', '/api/users?is_active=0', { token: t.adminToken })
    expect(inactive.json.items.map((u: { username: string }) => u.username)).toEqual(['alice'])

    expect((await t.request('DELETE', `/api/users/${created.json.id}`, { token: t.adminToken })).status).toBe(204)
    expect((await t.request('GET', `/api/users/${created.json.id}`, { token: t.adminToken })).status).toBe(404)
    expect((await t.request('DELETE', `/api/users/${created.json.id}`, { token: t.adminToken })).status).toBe(404)

    const kinds = t.core.services.audit.list({ page: 1, page_size: 50 }).items.map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['user.create', 'user.update', 'user.delete']))
  })

  it('never puts a hash, an md5 or ciphertext in a response or an audit entry', async () => {
    const t = await api()
    await t.request('POST', '/api/users', { token: t.adminToken, body: { username: 'legacy', login_password_md5: '5f4dcc3b5aa765d61d8327deb882cf99' } })
    const bob = await t.userToken('bob')
    await t.request('PUT', `/api/users/${bob.id}`, { token: t.adminToken, body: { password: 'new-bob-password', proxy_password: 'new-proxy-pass' } })
    for (const url of ['/api/users', `/api/users/${bob.id}`, '/api/audit?page_size=100']) {
      expectNoSecrets((await t.request('GET', url, { token: t.adminToken })).body)
    }
    const auditText = JSON.stringify(t.core.services.audit.list({ page: 1, page_size: 100 }))
    expect(auditText).not.toContain('new-proxy-pass')
    expect(auditText).not.toContain('new-bob-password')
  })

  it('matches LIKE wildcards in the search text literally', async () => {
    const t = await api()
    for (const name of ['a_b', 'axb']) await t.request('POST', '/api/users', { token: t.adminToken, body: { username: name, password: `${name}-password` } })
    const names = async (q: string) => (await t.request('GET', `/api/users?q=${encodeURIComponent(q)}`, { token: t.adminToken })).json.items.map((u: { username: string }) => u.username)
    expect(await names('a_')).toEqual(['a_b'])
    expect(await names('a%')).toEqual([])
  })

  it('answers 409 for a taken username, in any letter case', async () => {
    const t = await api()
    await t.userToken('alice')
    const clash = await t.request('POST', '/api/users', { token: t.adminToken, body: { username: 'ALICE', password: 'another-password' } })
    expect(clash.status).toBe(409)
    expect(clash.json.error).toMatchObject({ code: 'CONFLICT', fields: { username: expect.any(String) } })
    const bob = await t.userToken('bob')
    const rename = await t.request('PUT', `/api/users/${bob.id}`, { token: t.adminToken, body: { username: 'Alice' } })
    expect(rename.status).toBe(409)
  })

  it('keeps at least one active admin', async () => {
    const t = await api()
    const rootId = (await t.request('GET', '/api/users/me', { token: t.adminToken })).json.id
    const demote = await t.request('PUT', `/api/users/${rootId}`, { token: t.adminToken, body: { permission: 'user' } })
    expect(demote.status).toBe(409)
    expect(demote.json.error.fields).toHaveProperty('permission')
    expect((await t.request('DELETE', `/api/users/${rootId}`, { token: t.adminToken })).status).toBe(409)
    const second = await t.userToken('second', { permission: 'admin' })
    expect((await t.request('PUT', `/api/users/${rootId}`, { token: second.token, body: { is_active: false } })).status).toBe(200)
  })

  it('rotates subscription tokens for the admin and for the user itself', async () => {
    const t = await api()
    const alice = await t.userToken('alice')
    const byAdmin = await t.request('POST', `/api/users/${alice.id}/sub-token`, { token: t.adminToken })
    expect(byAdmin.status).toBe(200)
    expect(byAdmin.json.sub_token).not.toBe(alice.sub_token)
    const bySelf = await t.request('POST', '/api/users/me/sub-token', { token: alice.token })
    expect(bySelf.json.sub_token).not.toBe(byAdmin.json.sub_token)
    expect((await t.request('GET', `/sub/${byAdmin.json.sub_token}`)).status).toBe(404)
    expect((await t.request('GET', `/sub/${bySelf.json.sub_token}`)).status).toBe(200)
  })
})

describe('role checks', () => {
  const api = useTestApi()

  const adminOnly: Array<[string, string, unknown?]> = [
    ['GET', '/api/users'],
    ['GET', '/api/users/1'],
    ['POST', '/api/users', { username: 'mallory2', password: 'mallory-password' }],
    ['PUT', '/api/users/1', { is_active: false }],
    ['DELETE', '/api/users/1'],
    ['POST', '/api/users/1/sub-token'],
    ['GET', '/api/users/1/proxy-config'],
    ['POST', '/api/nodes', { ip_address: '192.0.2.1', server_group: 'hk' }],
    ['PUT', '/api/nodes/1', { fee: 1 }],
    ['DELETE', '/api/nodes/1'],
    ['GET', '/api/node-groups'],
    ['POST', '/api/node-groups/hk/node-key'],
    ['GET', '/api/audit'],
  ]

  it('answers 401 without a token and 403 for a plain user on every admin route, changing nothing', async () => {
    const t = await api()
    const mallory = await t.userToken('mallory')
    const before = t.core.services.db.sqlite.prepare('SELECT count(*) FROM users').pluck().get()
    for (const [method, url, body] of adminOnly) {
      const anonymous = await t.request(method, url, { body })
      expect(anonymous.status, `${method} ${url} anonymous`).toBe(401)
      expect(anonymous.json.error.code).toBe('UNAUTHENTICATED')
      const asUser = await t.request(method, url, { body, token: mallory.token })
      expect(asUser.status, `${method} ${url} as user`).toBe(403)
      expect(asUser.json.error.code).toBe('FORBIDDEN')
      const forged = await t.request(method, url, { body, token: 'forged-token-forged-token-forged' })
      expect(forged.status, `${method} ${url} forged`).toBe(401)
    }
    expect(t.core.services.db.sqlite.prepare('SELECT count(*) FROM users').pluck().get()).toBe(before)
  })

  it('answers 401 on every user route without a valid token', async () => {
    const t = await api()
    for (const [method, url] of [
      ['POST', '/api/logout'],
      ['GET', '/api/users/me'],
      ['POST', '/api/users/me/sub-token'],
      ['GET', '/api/nodes'],
      ['GET', '/api/proxy/config'],
    ]) {
      expect((await t.request(method!, url!)).status, `${method} ${url}`).toBe(401)
      expect((await t.request(method!, url!, { token: 'forged-token-forged-token-forged' })).status, `${method} ${url} forged`).toBe(401)
    }
  })

  it('lets a plain user read itself, active nodes and its own config only', async () => {
    const t = await api()
    const user = await t.userToken('plain')
    expect((await t.request('GET', '/api/users/me', { token: user.token })).status).toBe(200)
    expect((await t.request('GET', '/api/nodes', { token: user.token })).status).toBe(200)
    expect((await t.request('GET', '/api/proxy/config', { token: user.token })).status).toBe(200)
    expect((await t.request('GET', '/api/users/me')).status).toBe(401)
  })
})
