import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { useTestApi, type TestApi } from '../helpers/testApi'

async function addNode(t: TestApi, body: Record<string, unknown>) {
  const response = await t.request('POST', '/api/nodes', { token: t.adminToken, body })
  if (response.status !== 201) throw new Error(response.body)
  return response.json
}

describe('/api/nodes', () => {
  const api = useTestApi()

  it('creates records, normalizes addresses and makes a new record take its group’s shared attributes', async () => {
    const t = await api()
    const v4 = await addNode(t, { ip_address: '192.0.2.10', domain: 'HK1.Example.com', server_group: 'hk', idc_name: 'IDC-A', salamander: 'obfs-pass', fee: 12.5, expire_ts: 1_900_000_000, port: 8443 })
    expect(v4).toMatchObject({ domain: 'hk1.example.com', idc_name: 'IDC-A', salamander: 'obfs-pass', port: 8443, is_active: true, rent_ts: expect.any(Number) })
    const v6 = await addNode(t, { ip_address: '2001:DB8:0:0:0:0:0:1', server_group: 'hk', idc_name: 'ignored', fee: 1 })
    expect(v6).toMatchObject({ ip_address: '2001:db8::1', idc_name: 'IDC-A', salamander: 'obfs-pass', fee: 12.5, port: 8443, expire_ts: 1_900_000_000 })
    const duplicate = await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: '2001:db8::0:1', server_group: 'sg' } })
    expect(duplicate.status).toBe(409)
    expect(duplicate.json.error.fields).toHaveProperty('ip_address')
  })

  it('propagates a shared attribute changed through one record to its whole group', async () => {
    const t = await api()
    const a = await addNode(t, { ip_address: '192.0.2.10', server_group: 'hk', salamander: 'old-obfs' })
    const b = await addNode(t, { ip_address: '192.0.2.11', server_group: 'hk' })
    const other = await addNode(t, { ip_address: '198.51.100.1', server_group: 'sg', salamander: 'sg-obfs' })
    const updated = await t.request('PUT', `/api/nodes/${b.id}`, { token: t.adminToken, body: { salamander: 'new-obfs', idc_name: 'IDC-B', is_active: false } })
    expect(updated.status).toBe(200)
    const list = await t.request('GET', '/api/nodes?server_group=hk', { token: t.adminToken })
    const byId = new Map(list.json.items.map((n: { id: number }) => [n.id, n]))
    expect(byId.get(a.id)).toMatchObject({ salamander: 'new-obfs', idc_name: 'IDC-B', is_active: true })
    expect(byId.get(b.id)).toMatchObject({ salamander: 'new-obfs', idc_name: 'IDC-B', is_active: false })
    const sg = await t.request('GET', '/api/nodes?server_group=sg', { token: t.adminToken })
    expect(sg.json.items[0]).toMatchObject({ id: other.id, salamander: 'sg-obfs' })
  })

  it('moves a record into another group, applying shared changes given in the same call to the new group', async () => {
    const t = await api()
    await addNode(t, { ip_address: '192.0.2.10', server_group: 'hk', idc_name: 'HK' })
    const sg = await addNode(t, { ip_address: '198.51.100.1', server_group: 'sg', idc_name: 'SG' })
    const mover = await addNode(t, { ip_address: '192.0.2.11', server_group: 'hk' })
    const moved = await t.request('PUT', `/api/nodes/${mover.id}`, { token: t.adminToken, body: { server_group: 'sg', fee: 7 } })
    expect(moved.json).toMatchObject({ server_group: 'sg', idc_name: 'SG', fee: 7 })
    const sgNow = await t.request('GET', '/api/nodes?server_group=sg', { token: t.adminToken })
    expect(sgNow.json.items.find((n: { id: number }) => n.id === sg.id)).toMatchObject({ fee: 7 })
    const groups = await t.request('GET', '/api/node-groups', { token: t.adminToken })
    const keys = groups.json.items.map((g: { node_key: string }) => g.node_key)
    expect(new Set(keys).size).toBe(keys.length)
    // Splitting a record off into a brand-new group gives that group its own node key.
    await t.request('PUT', `/api/nodes/${mover.id}`, { token: t.adminToken, body: { server_group: 'solo' } })
    const after = await t.request('GET', '/api/node-groups', { token: t.adminToken })
    const afterKeys = after.json.items.map((g: { node_key: string }) => g.node_key)
    expect(after.json.items.map((g: { server_group: string }) => g.server_group)).toEqual(['hk', 'sg', 'solo'])
    expect(new Set(afterKeys).size).toBe(3)
  })

  it('filters by every query parameter and pages', async () => {
    const t = await api()
    await addNode(t, { ip_address: '192.0.2.1', domain: 'a.example.com', server_group: 'a', expire_ts: 1_800_000_000 })
    await addNode(t, { ip_address: '192.0.2.2', server_group: 'b', expire_ts: 1_850_000_000 })
    await addNode(t, { ip_address: '192.0.2.3', server_group: 'c', is_active: false })
    const ips = async (query: string) =>
      (await t.request('GET', `/api/nodes?${query}`, { token: t.adminToken })).json.items.map((n: { ip_address: string }) => n.ip_address)
    expect(await ips('server_group=b')).toEqual(['192.0.2.2'])
    expect(await ips('ip_address=192.0.2.3')).toEqual(['192.0.2.3'])
    expect(await ips('domain=A.example.com')).toEqual(['192.0.2.1'])
    expect(await ips('is_active=false')).toEqual(['192.0.2.3'])
    expect(await ips('expire_before=1850000000')).toEqual(['192.0.2.1'])
    expect(await ips('expire_after=1800000000')).toEqual(['192.0.2.2'])
    expect(await ips('expire_after=1700000000&expire_before=1900000000')).toEqual(['192.0.2.1', '192.0.2.2'])
    const paged = await t.request('GET', '/api/nodes?page=2&page_size=1', { token: t.adminToken })
    expect(paged.json).toMatchObject({ total: 3, items: [{ ip_address: '192.0.2.2' }] })
  })

  it('shows plain users only active records and no business fields or secrets', async () => {
    const t = await api()
    await addNode(t, { ip_address: '192.0.2.1', server_group: 'a', idc_name: 'Secret IDC', fee: 99, salamander: 'obfs-secret' })
    await addNode(t, { ip_address: '192.0.2.2', server_group: 'b', is_active: false })
    const user = await t.userToken('viewer')
    const list = await t.request('GET', '/api/nodes?is_active=0', { token: user.token })
    expect(list.json.total).toBe(1)
    expect(Object.keys(list.json.items[0]).sort()).toEqual(['domain', 'expire_ts', 'id', 'ip_address', 'is_active', 'port', 'server_group', 'sni'])
    expect(list.body).not.toMatch(/Secret IDC|obfs-secret|fee|rent_ts|node_key/)
  })

  it('deletes records, with 404 for unknown ids', async () => {
    const t = await api()
    const node = await addNode(t, { ip_address: '192.0.2.1', server_group: 'a' })
    expect((await t.request('DELETE', `/api/nodes/${node.id}`, { token: t.adminToken })).status).toBe(204)
    expect((await t.request('PUT', `/api/nodes/${node.id}`, { token: t.adminToken, body: { fee: 1 } })).status).toBe(404)
    const kinds = t.core.services.audit.list({ page: 1, page_size: 20 }).items.map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['node.create', 'node.delete']))
    expect(JSON.stringify(t.core.services.audit.list({ page: 1, page_size: 20 }))).not.toContain('node_key')
  })
})

describe('/api/node-groups', () => {
  const api = useTestApi()

  it('lists one row per group with counts, usability and a Hysteria 2 server snippet', async () => {
    const t = await api()
    await addNode(t, { ip_address: '192.0.2.1', server_group: 'hk', salamander: 'obfs-hk', port: 8443, sni: 'hk.example.com' })
    await addNode(t, { ip_address: '2001:db8::1', server_group: 'hk', is_active: false })
    await addNode(t, { ip_address: '192.0.2.9', server_group: 'old', expire_ts: t.core.clock.now() - 1 })
    const response = await t.request('GET', '/api/node-groups', { token: t.adminToken })
    expect(response.status).toBe(200)
    const [hk, old] = response.json.items
    expect(hk).toMatchObject({ server_group: 'hk', record_count: 2, active_count: 1, usable: true, port: 8443 })
    expect(old).toMatchObject({ server_group: 'old', usable: false })
    expect(hk.auth_url).toBe(`https://panel.example.com/api/proxy/auth/${hk.node_key}`)
    const snippet = parse(hk.hysteria_server_snippet)
    expect(snippet).toEqual({
      listen: ':8443',
      auth: { type: 'http', http: { url: hk.auth_url } },
      obfs: { type: 'salamander', salamander: { password: 'obfs-hk' } },
    })
  })

  it('rotates a group key: the old key stops authenticating, the new one works', async () => {
    const t = await api()
    await addNode(t, { ip_address: '192.0.2.1', server_group: 'hk' })
    await addNode(t, { ip_address: '192.0.2.2', server_group: 'hk' })
    const alice = await t.userToken('alice')
    const oldKey = (await t.request('GET', '/api/node-groups', { token: t.adminToken })).json.items[0].node_key
    const rotated = await t.request('POST', '/api/node-groups/hk/node-key', { token: t.adminToken })
    expect(rotated.json.node_key).not.toBe(oldKey)
    const auth = (key: string) =>
      t.request('POST', `/api/proxy/auth/${key}`, { body: { addr: '203.0.113.5:4000', auth: `alice:${alice.proxy_password}`, tx: 0 } })
    expect((await auth(oldKey)).json).toEqual({ ok: false, id: '' })
    expect((await auth(rotated.json.node_key)).json).toEqual({ ok: true, id: 'alice' })
    expect((await t.request('POST', '/api/node-groups/nope/node-key', { token: t.adminToken })).status).toBe(404)
  })
})
