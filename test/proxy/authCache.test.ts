// The auth endpoint answers from memory (AuthLookupCache); every write to what it reads must count on the very
// next request when it comes through this process's connection, and within OTHER_WRITERS_POLL_MS from any other.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { setTimeout as sleep } from 'node:timers/promises'
import { join } from 'node:path'
import { AuthLookupCache, OTHER_WRITERS_POLL_MS } from '../../src-main/core/proxy/authLookupCache'
import { useTempDir } from '../helpers/tempDir'
import { useTestApi, type TestApi } from '../helpers/testApi'

async function setup(t: TestApi) {
  await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: '192.0.2.1', server_group: 'hk', salamander: 'obfs-hk' } })
  const nodeKeyOf = async (group: string) => {
    const groups = (await t.request('GET', '/api/node-groups', { token: t.adminToken })).json.items as Array<{ server_group: string; node_key: string }>
    return groups.find((g) => g.server_group === group)!.node_key
  }
  const alice = await t.userToken('alice', { proxy_password: 'alice-proxy-pass' })
  const auth = async (nodeKey: string, authString: string) => {
    const response = await t.request('POST', `/api/proxy/auth/${nodeKey}`, { body: { addr: '203.0.113.9:51234', auth: authString, tx: 0 } })
    expect(response.status).toBe(200)
    return response.json as { ok: boolean; id: string }
  }
  const lastReason = () => t.core.services.audit.list({ page: 1, page_size: 1, kind: 'proxy_auth.failure' }).items[0]?.detail?.reason
  return { nodeKeyOf, alice, auth, lastReason, hk: await nodeKeyOf('hk') }
}

describe('proxy auth lookups held in memory', () => {
  const api = useTestApi()

  it('refuses a user on the next request after it is disabled, and accepts again once re-enabled', async () => {
    const t = await api()
    const { alice, auth, hk, lastReason } = await setup(t)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
    await t.request('PUT', `/api/users/${alice.id}`, { token: t.adminToken, body: { is_active: false } })
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('user_disabled')
    await t.request('PUT', `/api/users/${alice.id}`, { token: t.adminToken, body: { is_active: true } })
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
  })

  it('takes a changed proxy password on the next request: the old one fails, the new one works', async () => {
    const t = await api()
    const { alice, auth, hk, lastReason } = await setup(t)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
    const changed = await t.request('PUT', `/api/users/${alice.id}`, { token: t.adminToken, body: { proxy_password: 'alice-new-pass' } })
    expect(changed.status).toBe(200)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('wrong_password')
    expect(await auth(hk, 'alice:alice-new-pass')).toEqual({ ok: true, id: 'alice' })
  })

  it('refuses the old node key on the next request after a rotation and accepts the new one', async () => {
    const t = await api()
    const { auth, hk, nodeKeyOf, lastReason } = await setup(t)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
    const rotated = await t.request('POST', '/api/node-groups/hk/node-key', { token: t.adminToken })
    expect(rotated.status).toBe(200)
    const fresh = await nodeKeyOf('hk')
    expect(fresh).not.toBe(hk)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('unknown_node_key')
    expect((await auth(fresh, 'alice:alice-proxy-pass')).ok).toBe(true)
  })

  it('forgets deleted users and node records, and finds a user created after a request for the unknown name', async () => {
    const t = await api()
    const { alice, auth, hk, lastReason } = await setup(t)
    expect((await auth(hk, 'bob:bob-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('unknown_user')
    await t.userToken('bob', { proxy_password: 'bob-proxy-pass' })
    expect(await auth(hk, 'bob:bob-proxy-pass')).toEqual({ ok: true, id: 'bob' })

    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
    expect((await t.request('DELETE', `/api/users/${alice.id}`, { token: t.adminToken })).status).toBe(204)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('unknown_user')

    const nodes = (await t.request('GET', '/api/nodes', { token: t.adminToken })).json.items as Array<{ id: number }>
    for (const record of nodes) expect((await t.request('DELETE', `/api/nodes/${record.id}`, { token: t.adminToken })).status).toBe(204)
    expect((await auth(hk, 'bob:bob-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('unknown_node_key')
  })

  it('sees writes made in plain SQL at once, and those of another connection to the file within the poll time', async () => {
    const t = await api()
    const { auth, hk, lastReason } = await setup(t)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
    t.core.services.db.sqlite.prepare("UPDATE node_server SET is_active = 0 WHERE server_group = 'hk'").run()
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('node_group_disabled')

    const other = new Database(t.core.dbPath)
    try {
      other.prepare("UPDATE node_server SET is_active = 1 WHERE server_group = 'hk'").run()
      await sleep(OTHER_WRITERS_POLL_MS)
      expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
      other.prepare("UPDATE users SET is_active = 0 WHERE username = 'alice'").run()
      await sleep(OTHER_WRITERS_POLL_MS)
      expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
      expect(lastReason()).toBe('user_disabled')
      // A write that is rolled back leaves the answer as it was.
      other.exec("BEGIN; UPDATE users SET is_active = 1 WHERE username = 'alice'; ROLLBACK")
      await sleep(OTHER_WRITERS_POLL_MS)
      expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    } finally {
      other.close()
    }
  })

  it('decides expiry at request time: a cached user and group expire without any write', async () => {
    const t = await api()
    const { alice, auth, hk, lastReason } = await setup(t)
    const now = t.core.clock.now()
    await t.request('PUT', `/api/users/${alice.id}`, { token: t.adminToken, body: { proxy_expire_ts: now + 10 } })
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
    t.core.clock.advance(10)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('user_expired')

    await t.request('PUT', `/api/users/${alice.id}`, { token: t.adminToken, body: { proxy_expire_ts: null } })
    t.core.services.db.sqlite.prepare("UPDATE node_server SET expire_ts = ? WHERE server_group = 'hk'").run(t.core.clock.now() + 5)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(true)
    t.core.clock.advance(5)
    expect((await auth(hk, 'alice:alice-proxy-pass')).ok).toBe(false)
    expect(lastReason()).toBe('node_group_expired')
  })

  it('answers a username in any letter case like the NOCASE lookup does, with the stored name as id', async () => {
    const t = await api()
    const { auth, hk } = await setup(t)
    expect(await auth(hk, 'alice:alice-proxy-pass')).toEqual({ ok: true, id: 'alice' })
    expect(await auth(hk, 'ALICE:alice-proxy-pass')).toEqual({ ok: true, id: 'alice' })
  })
})

describe('AuthLookupCache', () => {
  it('holds at most its bound per map, dropping the oldest answer first', () => {
    const sqlite = new Database(':memory:')
    sqlite.exec('CREATE TABLE auth_generation (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL); INSERT INTO auth_generation VALUES (1, 0)')
    const cache = new AuthLookupCache<string, string>(sqlite, { maxEntries: 3 })
    const loads: string[] = []
    const load = (key: string) => {
      loads.push(key)
      return `value-${key}`
    }
    cache.refresh()
    for (const key of ['a', 'b', 'c', 'd']) expect(cache.user(key, load)).toBe(`value-${key}`)
    expect(cache.sizes().users).toBe(3)
    expect(cache.user('d', load)).toBe('value-d')
    expect(cache.user('a', load)).toBe('value-a')
    expect(loads).toEqual(['a', 'b', 'c', 'd', 'a'])

    sqlite.exec('UPDATE auth_generation SET generation = generation + 1')
    cache.refresh()
    expect(cache.sizes()).toEqual({ groups: 0, users: 0 })
    sqlite.close()
  })

  const tempDir = useTempDir()

  it('reads the generation again after a write on its own connection at once, and after another connection\'s only once the poll time passed', () => {
    const path = join(tempDir(), 'auth.db')
    const own = new Database(path)
    own.exec('PRAGMA journal_mode = WAL; CREATE TABLE auth_generation (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL); INSERT INTO auth_generation VALUES (1, 0); CREATE TABLE other (n INTEGER)')
    const other = new Database(path)
    let now = 1000
    const cache = new AuthLookupCache<string, string>(own, { monotonicNow: () => now })
    const bump = (db: Database.Database) => db.exec('UPDATE auth_generation SET generation = generation + 1')
    const cached = () => {
      cache.refresh()
      return cache.sizes().users === 1
    }
    cache.refresh()
    cache.user('alice', () => 'alice-row')

    bump(other)
    now += OTHER_WRITERS_POLL_MS - 1
    expect(cached()).toBe(true)
    now += 1
    expect(cached()).toBe(false)

    cache.user('alice', () => 'alice-row')
    own.exec('INSERT INTO other VALUES (1)')
    expect(cached()).toBe(true)
    bump(own)
    expect(cached()).toBe(false)
    other.close()
    own.close()
  })
})
