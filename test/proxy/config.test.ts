import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { useTestApi, type TestApi } from '../helpers/testApi'

async function fleet(t: TestApi) {
  const create = (body: Record<string, unknown>) => t.request('POST', '/api/nodes', { token: t.adminToken, body })
  await create({ ip_address: '192.0.2.1', domain: 'hk.example.com', server_group: 'hk', salamander: 'obfs&=#pass', port: 8443 })
  await create({ ip_address: '2001:db8::1', domain: 'hk.example.com', server_group: 'hk' })
  await create({ ip_address: '198.51.100.1', server_group: 'plain' })
  await create({ ip_address: '198.51.100.2', server_group: 'off', is_active: false })
  await create({ ip_address: '198.51.100.3', server_group: 'expired', expire_ts: t.core.clock.now() - 10 })
  // Reserved URI characters in the password must survive the round trip.
  return t.userToken('alice', { proxy_password: 'p@ss:w/rd?#%' })
}

describe('GET /api/proxy/config', () => {
  const api = useTestApi()

  it('lists only usable records with hysteria2:// URIs that parse back to the same settings', async () => {
    const t = await api()
    const alice = await fleet(t)
    const config = await t.request('GET', '/api/proxy/config', { token: alice.token })
    expect(config.status).toBe(200)
    expect(config.json.username).toBe('alice')
    expect(config.json.sub_token).toBe(alice.sub_token)
    const nodes = config.json.nodes as Array<{ name: string; uri: string; host: string; salamander: string | null; sni: string | null }>
    expect(nodes.map((n) => n.name)).toEqual(['hk-v4', 'hk-v6', 'plain-v4'])

    const v4 = new URL(nodes[0]!.uri)
    expect(v4.protocol).toBe('hysteria2:')
    expect(decodeURIComponent(v4.username)).toBe('alice')
    expect(decodeURIComponent(v4.password)).toBe('p@ss:w/rd?#%')
    expect(v4.hostname).toBe('192.0.2.1')
    expect(v4.port).toBe('8443')
    expect(v4.pathname).toBe('/')
    expect(Object.fromEntries(v4.searchParams)).toEqual({ obfs: 'salamander', 'obfs-password': 'obfs&=#pass', sni: 'hk.example.com', insecure: '0' })
    expect(decodeURIComponent(v4.hash.slice(1))).toBe('hk-v4')

    const v6 = new URL(nodes[1]!.uri)
    expect(v6.hostname).toBe('[2001:db8::1]')
    expect(v6.port).toBe('8443')

    const plain = new URL(nodes[2]!.uri)
    expect(plain.port).toBe('443')
    expect(Object.fromEntries(plain.searchParams)).toEqual({ insecure: '0' })
  })

  it('answers 403 to a disabled or expired user', async () => {
    const t = await api()
    const alice = await fleet(t)
    t.core.services.db.sqlite.prepare('UPDATE users SET proxy_expire_ts = ? WHERE id = ?').run(t.core.clock.now(), alice.id)
    expect((await t.request('GET', '/api/proxy/config', { token: alice.token })).status).toBe(403)
    expect((await t.request('GET', `/sub/${alice.sub_token}`)).status).toBe(403)
  })

  it('gives admins the same config for any user', async () => {
    const t = await api()
    const alice = await fleet(t)
    const asAdmin = await t.request('GET', `/api/users/${alice.id}/proxy-config`, { token: t.adminToken })
    const asAlice = await t.request('GET', '/api/proxy/config', { token: alice.token })
    expect(asAdmin.json).toEqual(asAlice.json)
  })
})

describe('GET /sub/{sub_token}', () => {
  const api = useTestApi()

  it('serves a base64 URI list by default', async () => {
    const t = await api()
    const alice = await fleet(t)
    const response = await t.request('GET', `/sub/${alice.sub_token}`)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain/)
    const uris = Buffer.from(response.body, 'base64').toString('utf8').split('\n')
    const config = await t.request('GET', '/api/proxy/config', { token: alice.token })
    expect(uris).toEqual(config.json.nodes.map((n: { uri: string }) => n.uri))
  })

  it('serves a Clash.Meta (mihomo) config keeping the salamander settings', async () => {
    const t = await api()
    const alice = await fleet(t)
    const response = await t.request('GET', `/sub/${alice.sub_token}?format=clash`)
    expect(response.headers['content-type']).toMatch(/^text\/yaml/)
    const doc = parse(response.body)
    expect(doc.proxies).toHaveLength(3)
    expect(doc.proxies[0]).toEqual({
      name: 'hk-v4',
      type: 'hysteria2',
      server: '192.0.2.1',
      port: 8443,
      password: 'alice:p@ss:w/rd?#%',
      obfs: 'salamander',
      'obfs-password': 'obfs&=#pass',
      sni: 'hk.example.com',
      'skip-cert-verify': false,
      alpn: ['h3'],
    })
    expect(doc.proxies[2]).not.toHaveProperty('obfs')
    expect(doc['proxy-groups'][0].proxies).toEqual(['hk-v4', 'hk-v6', 'plain-v4'])
    expect(doc.rules).toEqual(['MATCH,proxdesk'])
  })

  it('serves a sing-box outbound list keeping the salamander settings', async () => {
    const t = await api()
    const alice = await fleet(t)
    const response = await t.request('GET', `/sub/${alice.sub_token}?format=singbox`)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const outbounds = response.json.outbounds
    expect(outbounds[1]).toEqual({
      type: 'hysteria2',
      tag: 'hk-v6',
      server: '2001:db8::1',
      server_port: 8443,
      password: 'alice:p@ss:w/rd?#%',
      obfs: { type: 'salamander', password: 'obfs&=#pass' },
      tls: { enabled: true, insecure: false, alpn: ['h3'], server_name: 'hk.example.com' },
    })
    expect(outbounds[2].tls).toEqual({ enabled: true, insecure: false, alpn: ['h3'] })
  })

  it('answers 404 for unknown tokens and 400 for unknown formats', async () => {
    const t = await api()
    const alice = await fleet(t)
    expect((await t.request('GET', '/sub/unknown-token-unknown-token')).status).toBe(404)
    const bad = await t.request('GET', `/sub/${alice.sub_token}?format=v2ray`)
    expect(bad.status).toBe(400)
    expect(bad.json.error.fields).toHaveProperty('format')
  })
})
