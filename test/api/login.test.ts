import { describe, expect, it } from 'vitest'
import { useTestApi } from '../helpers/testApi'

describe('POST /api/login, /api/logout and sessions', () => {
  const api = useTestApi({ throttle: { windowSeconds: 600, maxFailuresPerUsername: 3, maxFailuresPerIp: 6, lockoutSeconds: 300 } })

  it('logs in with the right password and records the login', async () => {
    const t = await api()
    const created = await t.request('POST', '/api/users', { token: t.adminToken, body: { username: 'alice', password: 'alice-password' } })
    expect(created.status).toBe(201)
    const login = await t.request('POST', '/api/login', { body: { username: 'alice', password: 'alice-password' }, ip: '192.0.2.44' })
    expect(login.status).toBe(200)
    expect(login.json.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(login.json.expires_at).toBe(t.core.clock.now() + 12 * 3600)
    expect(login.json.user).toMatchObject({ username: 'alice', last_login_ip: '192.0.2.44', last_login_ts: t.core.clock.now() })
    const me = await t.request('GET', '/api/users/me', { token: login.json.token })
    expect(me.json.username).toBe('alice')
    const audit = t.core.services.audit.list({ page: 1, page_size: 10, kind: 'login.success', actor: 'alice' })
    expect(audit.items[0]).toMatchObject({ ip: '192.0.2.44', kind: 'login.success' })
  })

  it('answers unknown users and wrong passwords identically, and audits both with the reason', async () => {
    const t = await api()
    await t.userToken('bob')
    const wrong = await t.request('POST', '/api/login', { body: { username: 'bob', password: 'not-bobs-password' } })
    const unknown = await t.request('POST', '/api/login', { body: { username: 'nobody', password: 'whatever-password' } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.json).toEqual(unknown.json)
    const reasons = t.core.services.audit.list({ page: 1, page_size: 10, kind: 'login.failure' }).items.map((e) => [e.actor, e.detail?.reason])
    expect(reasons).toEqual(expect.arrayContaining([['bob', 'wrong_password'], ['nobody', 'unknown_user']]))
  })

  it('refuses inactive users even with the right password', async () => {
    const t = await api()
    const carol = await t.userToken('carol')
    await t.request('PUT', `/api/users/${carol.id}`, { token: t.adminToken, body: { is_active: false } })
    const login = await t.request('POST', '/api/login', { body: { username: 'carol', password: 'carol-password' } })
    expect(login.status).toBe(401)
    // Deactivation also ends the sessions the user had.
    expect((await t.request('GET', '/api/users/me', { token: carol.token })).status).toBe(401)
  })

  it('ends the session on logout and when the token expires', async () => {
    const t = await api()
    const dave = await t.userToken('dave')
    expect((await t.request('POST', '/api/logout', { token: dave.token })).status).toBe(204)
    expect((await t.request('GET', '/api/users/me', { token: dave.token })).status).toBe(401)
    const again = await t.request('POST', '/api/login', { body: { username: 'dave', password: 'dave-password' } })
    t.core.clock.advance(12 * 3600 - 1)
    expect((await t.request('GET', '/api/users/me', { token: again.json.token })).status).toBe(200)
    t.core.clock.advance(1)
    expect((await t.request('GET', '/api/users/me', { token: again.json.token })).status).toBe(401)
  })

  it('stores session tokens only as digests', async () => {
    const t = await api()
    const erin = await t.userToken('erin')
    const stored = t.core.services.db.sqlite.prepare('SELECT token_hash FROM sessions').pluck().all() as string[]
    expect(stored).not.toContain(erin.token)
    expect(stored.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true)
  })

  it('upgrades a legacy md5 account to argon2id on its first successful login', async () => {
    const t = await api()
    // md5('password')
    const imported = await t.request('POST', '/api/users', {
      token: t.adminToken,
      body: { username: 'legacy', login_password_md5: '5F4DCC3B5AA765D61D8327DEB882CF99' },
    })
    expect(imported.status).toBe(201)
    expect(imported.json.legacy_password).toBe(true)
    expect((await t.request('POST', '/api/login', { body: { username: 'legacy', password: 'Password' } })).status).toBe(401)
    const login = await t.request('POST', '/api/login', { body: { username: 'legacy', password: 'password' } })
    expect(login.status).toBe(200)
    expect(login.json.user.legacy_password).toBe(false)
    const row = t.core.services.db.sqlite.prepare("SELECT password_hash, login_password_md5 FROM users WHERE username = 'legacy'").get() as {
      password_hash: string
      login_password_md5: string | null
    }
    expect(row.login_password_md5).toBeNull()
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect((await t.request('POST', '/api/login', { body: { username: 'legacy', password: 'password' } })).status).toBe(200)
  })

  it('throttles repeated failures for one username with 429 and Retry-After, even for the right password', async () => {
    const t = await api()
    await t.userToken('frank')
    for (let i = 0; i < 3; i++) {
      const r = await t.request('POST', '/api/login', { body: { username: 'frank', password: 'wrong-password' }, ip: `192.0.2.${i + 1}` })
      expect(r.status).toBe(401)
    }
    const locked = await t.request('POST', '/api/login', { body: { username: 'frank', password: 'frank-password' }, ip: '192.0.2.99' })
    expect(locked.status).toBe(429)
    expect(locked.json.error.code).toBe('THROTTLED')
    expect(locked.headers['retry-after']).toBe('300')
    t.core.clock.advance(300)
    expect((await t.request('POST', '/api/login', { body: { username: 'frank', password: 'frank-password' }, ip: '192.0.2.99' })).status).toBe(200)
  })

  it('throttles one IP guessing many usernames, whether or not they exist', async () => {
    const t = await api()
    await t.userToken('gina')
    for (let i = 0; i < 6; i++) {
      await t.request('POST', '/api/login', { body: { username: `guess${i}`, password: 'x-password' }, ip: '198.51.100.7' })
    }
    const fromAttacker = await t.request('POST', '/api/login', { body: { username: 'gina', password: 'gina-password' }, ip: '198.51.100.7' })
    expect(fromAttacker.status).toBe(429)
    const fromElsewhere = await t.request('POST', '/api/login', { body: { username: 'gina', password: 'gina-password' }, ip: '198.51.100.8' })
    expect(fromElsewhere.status).toBe(200)
  })
})
