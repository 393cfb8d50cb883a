import { describe, expect, it } from 'vitest'
import { useTestApi, type TestApi } from '../helpers/testApi'
import { clientHost } from '../../src-main/core/proxy/proxyAuth'

async function setup(t: TestApi) {
  const create = (body: Record<string, unknown>) => t.request('POST', '/api/nodes', { token: t.adminToken, body })
  await create({ ip_address: '192.0.2.1', server_group: 'hk', salamander: 'obfs-hk' })
  await create({ ip_address: '192.0.2.2', server_group: 'off', is_active: false })
  const groups = (await t.request('GET', '/api/node-groups', { token: t.adminToken })).json.items as Array<{ server_group: string; node_key: string }>
  const key = (group: string) => groups.find((g) => g.server_group === group)!.node_key
  const alice = await t.userToken('alice', { proxy_password: 'alice-proxy-pass' })
  const auth = async (nodeKey: string, authString: string) => {
    const response = await t.request('POST', `/api/proxy/auth/${nodeKey}`, {
      body: { addr: '203.0.113.9:51234', auth: authString, tx: 12_500_000 },
    })
    expect(response.status).toBe(200)
    return response.json
  }
  const lastReason = () => t.core.services.audit.list({ page: 1, page_size: 1, kind: 'proxy_auth.failure' }).items[0]?.detail?.reason
  return { key, alice, auth, lastReason }
}

describe('POST /api/proxy/auth/{node_key}', () => {
  const api = useTestApi()

  it('accepts a usable user on a usable group with the username as id', async () => {
    const t = await api()
    const { key, auth } = await setup(t)
    expect(await auth(key('hk'), 'alice:alice-proxy-pass')).toEqual({ ok: true, id: 'alice' })
  })

  it('rejects with ok:false and audits the reason for each failing condition', async () => {
    const t = await api()
    const { key, alice, auth, lastReason } = await setup(t)
    const cases: Array<[string, string, string]> = [
      ['unknown-node-key-unknown-node-key', 'alice:alice-proxy-pass', 'unknown_node_key'],
      [key('off'), 'alice:alice-proxy-pass', 'node_group_disabled'],
      [key('hk'), 'alice-without-colon', 'malformed_auth'],
      [key('hk'), ':alice-proxy-pass', 'malformed_auth'],
      [key('hk'), 'nobody:alice-proxy-pass', 'unknown_user'],
      [key('hk'), 'alice:wrong-pass', 'wrong_password'],
      [key('hk'), 'alice:alice-proxy-pas', 'wrong_password'],
    ]
    for (const [nodeKey, authString, reason] of cases) {
      expect(await auth(nodeKey, authString), reason).toEqual({ ok: false, id: '' })
      expect(lastReason(), authString).toBe(reason)
    }
    // A caller without a valid node key is logged by its own address, not the one it claims.
    const stranger = t.core.services.audit.list({ page: 1, page_size: 50, kind: 'proxy_auth.failure' }).items.find((e) => e.detail?.reason === 'unknown_node_key')
    expect(stranger).toMatchObject({ ip: '203.0.113.10', target_type: null, detail: { claimed_addr: '203.0.113.9' } })
    await t.request('PUT', `/api/users/${alice.id}`, { token: t.adminToken, body: { is_active: false } })
    expect(await auth(key('hk'), 'alice:alice-proxy-pass')).toEqual({ ok: false, id: '' })
    expect(lastReason()).toBe('user_disabled')
    const entry = t.core.services.audit.list({ page: 1, page_size: 1, kind: 'proxy_auth.failure' }).items[0]!
    expect(entry).toMatchObject({ actor: 'alice', ip: '203.0.113.9', target_type: 'node_group', target_id: 'hk', detail: { node_ip: '203.0.113.10' } })
    expect(JSON.stringify(entry)).not.toContain('alice-proxy-pass')
  })

  it('applies the expiry rule at its boundaries for users: NULL and 0 never expire, the expiry second itself is expired', async () => {
    const t = await api()
    const { key, alice, auth, lastReason } = await setup(t)
    const now = t.core.clock.now()
    const setExpiry = (ts: number | null) => t.core.services.db.sqlite.prepare('UPDATE users SET proxy_expire_ts = ? WHERE id = ?').run(ts, alice.id)
    for (const [expiry, ok] of [
      [null, true],
      [0, true],
      [now + 1, true],
      [now, false],
      [now - 1, false],
    ] as const) {
      setExpiry(expiry)
      expect((await auth(key('hk'), 'alice:alice-proxy-pass')).ok, `proxy_expire_ts=${expiry}`).toBe(ok)
      if (!ok) expect(lastReason()).toBe('user_expired')
    }
  })

  it('applies the same boundaries to node groups', async () => {
    const t = await api()
    const { key, auth, lastReason } = await setup(t)
    const now = t.core.clock.now()
    for (const [expiry, ok] of [
      [null, true],
      [0, true],
      [now + 1, true],
      [now, false],
    ] as const) {
      t.core.services.db.sqlite.prepare("UPDATE node_server SET expire_ts = ? WHERE server_group = 'hk'").run(expiry)
      expect((await auth(key('hk'), 'alice:alice-proxy-pass')).ok, `expire_ts=${expiry}`).toBe(ok)
      if (!ok) expect(lastReason()).toBe('node_group_expired')
    }
  })

  it('accepts when at least one record of the group is active', async () => {
    const t = await api()
    const { key, auth } = await setup(t)
    await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: '192.0.2.3', server_group: 'hk', is_active: false } })
    expect((await auth(key('hk'), 'alice:alice-proxy-pass')).ok).toBe(true)
    t.core.services.db.sqlite.prepare("UPDATE node_server SET is_active = 0 WHERE server_group = 'hk'").run()
    expect((await auth(key('hk'), 'alice:alice-proxy-pass')).ok).toBe(false)
  })

  it('tolerates fields a newer Hysteria may add, and a proxy password containing a colon', async () => {
    const t = await api()
    const { key } = await setup(t)
    await t.userToken('colon', { proxy_password: 'pa:ss:word' })
    const response = await t.request('POST', `/api/proxy/auth/${key('hk')}`, {
      body: { addr: '[2001:db8::7]:443', auth: 'colon:pa:ss:word', tx: 0, future_field: true },
    })
    expect(response.json).toEqual({ ok: true, id: 'colon' })
  })
})

describe('clientHost', () => {
  it('drops the port of the address a node reports, and leaves anything else as it came', () => {
    expect(clientHost('203.0.113.9:51234')).toBe('203.0.113.9')
    expect(clientHost('[2001:db8::1]:443')).toBe('2001:db8::1')
    expect(clientHost('client.example:8443')).toBe('client.example')
    expect(clientHost('2001:db8::1')).toBe('2001:db8::1')
    expect(clientHost('203.0.113.9')).toBe('203.0.113.9')
    expect(clientHost(':443')).toBe(':443')
    expect(clientHost('203.0.113.9:port')).toBe('203.0.113.9:port')
  })
})
