import { describe, expect, it } from 'vitest'
import { useTestApi, type TestApi } from '../helpers/testApi'

async function addPool(t: TestApi, body: Record<string, unknown>) {
  const response = await t.request('POST', '/api/pools', { token: t.adminToken, body })
  if (response.status !== 201) throw new Error(response.body)
  return response.json
}

describe('/api/pools', () => {
  const api = useTestApi()

  it('creates, lists, reads, changes and deletes pools of every kind, with usage', async () => {
    const t = await api()
    const lan = await addPool(t, { kind: 'ipv4', name: 'lan', cidr: '10.20.0.0/16', gateway: '10.20.0.1', dns: ['1.1.1.1', '8.8.8.8'], reserved: ['10.20.0.2'] })
    expect(lan).toMatchObject({
      kind: 'ipv4',
      name: 'lan',
      cidr: '10.20.0.0/16',
      first: '10.20.0.0',
      last: '10.20.255.255',
      prefix_length: 16,
      gateway: '10.20.0.1',
      dns: ['1.1.1.1', '8.8.8.8'],
      reserved: ['10.20.0.2'],
      usage: { size: 65_532, used: 0, free: 65_532 },
    })
    const range = await addPool(t, { kind: 'ipv4', name: 'public', first: '203.0.113.10', last: '203.0.113.20', prefix_length: 24, gateway: '203.0.113.1' })
    expect(range).toMatchObject({ cidr: null, first: '203.0.113.10', last: '203.0.113.20', usage: { size: 11 } })
    const ports = await addPool(t, { kind: 'port', name: 'nat', first: 30000, last: 39999, reserved: [30022] })
    expect(ports).toMatchObject({ kind: 'port', first: 30000, last: 39999, reserved: [30022], usage: { size: 9999 } })
    await addPool(t, { kind: 'vmid', name: 'ct', first: 100, last: 999 })

    t.core.services.pools.allocate(ports.id, 'nat:1')
    t.core.services.pools.allocate(ports.id, 'nat:2')
    const list = await t.request('GET', '/api/pools', { token: t.adminToken })
    expect(list.json.items.map((p: { name: string; usage: { used: number } }) => [p.name, p.usage.used])).toEqual([['lan', 0], ['public', 0], ['nat', 2], ['ct', 0]])
    const vmidsOnly = await t.request('GET', '/api/pools?kind=vmid', { token: t.adminToken })
    expect(vmidsOnly.json.items.map((p: { name: string }) => p.name)).toEqual(['ct'])
    const one = await t.request('GET', `/api/pools/${ports.id}`, { token: t.adminToken })
    expect(one.json.usage).toEqual({ size: 9999, used: 2, free: 9997 })
    const allocations = await t.request('GET', `/api/pools/${ports.id}/allocations?page=2&page_size=1`, { token: t.adminToken })
    expect(allocations.json).toEqual({ total: 2, items: [{ slot: 30001, value: '30001', owner: 'nat:2', allocated_at: t.core.clock.now() }] })

    const renamed = await t.request('PUT', `/api/pools/${range.id}`, { token: t.adminToken, body: { kind: 'ipv4', name: 'public-1', last: '203.0.113.30' } })
    expect(renamed.status).toBe(200)
    expect(renamed.json).toMatchObject({ name: 'public-1', last: '203.0.113.30', usage: { size: 21 } })
    expect((await t.request('DELETE', `/api/pools/${ports.id}`, { token: t.adminToken })).status).toBe(409)
    expect((await t.request('DELETE', `/api/pools/${range.id}`, { token: t.adminToken })).status).toBe(204)
    expect((await t.request('GET', `/api/pools/${range.id}`, { token: t.adminToken })).status).toBe(404)

    const kinds = t.core.services.audit.list({ page: 1, page_size: 50 }).items.map((e) => e.kind).filter((kind) => kind.startsWith('pool.'))
    expect(kinds.sort()).toEqual(['pool.create', 'pool.create', 'pool.create', 'pool.create', 'pool.delete', 'pool.update'])
  })

  it('is for admins only', async () => {
    const t = await api()
    const pool = await addPool(t, { kind: 'port', name: 'nat', first: 30000, last: 30010 })
    const user = await t.userToken('plain')
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/pools'],
      ['GET', `/api/pools/${pool.id}`],
      ['POST', '/api/pools', { kind: 'port', name: 'x', first: 1, last: 2 }],
      ['PUT', `/api/pools/${pool.id}`, { kind: 'port', name: 'y' }],
      ['DELETE', `/api/pools/${pool.id}`],
      ['GET', `/api/pools/${pool.id}/allocations`],
    ]
    for (const [method, url, body] of calls) {
      expect((await t.request(method, url, { token: user.token, body })).status, `${method} ${url} as a user`).toBe(403)
      expect((await t.request(method, url, { body })).status, `${method} ${url} anonymously`).toBe(401)
    }
    expect((await t.request('GET', `/api/pools/${pool.id}`, { token: t.adminToken })).json.name).toBe('nat')
  })

  const badCreates: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown kind', { kind: 'ipv6', name: 'x' }, 'kind'],
    ['a missing name', { kind: 'port', first: 1, last: 2 }, 'name'],
    ['a CIDR with host bits', { kind: 'ipv4', name: 'x', cidr: '10.0.0.1/24' }, 'cidr'],
    ['a prefix over 32', { kind: 'ipv4', name: 'x', cidr: '10.0.0.0/33' }, 'cidr'],
    ['a cidr together with first', { kind: 'ipv4', name: 'x', cidr: '10.0.0.0/24', first: '10.0.0.5' }, 'first'],
    ['a range without prefix_length', { kind: 'ipv4', name: 'x', first: '10.0.0.5', last: '10.0.0.9' }, 'prefix_length'],
    ['a range across subnets', { kind: 'ipv4', name: 'x', first: '10.0.0.5', last: '10.0.1.9', prefix_length: 24 }, 'last'],
    ['a gateway outside the subnet', { kind: 'ipv4', name: 'x', cidr: '10.0.0.0/24', gateway: '10.0.1.1' }, 'gateway'],
    ['a gateway that is the broadcast', { kind: 'ipv4', name: 'x', cidr: '10.0.0.0/24', gateway: '10.0.0.255' }, 'gateway'],
    ['a DNS server that is no IPv4', { kind: 'ipv4', name: 'x', cidr: '10.0.0.0/24', dns: ['2001:db8::1'] }, 'dns.0'],
    ['too many DNS servers', { kind: 'ipv4', name: 'x', cidr: '10.0.0.0/24', dns: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] }, 'dns'],
    ['a reserved address outside the pool', { kind: 'ipv4', name: 'x', cidr: '10.0.0.0/24', reserved: ['10.0.0.7', '10.9.0.7'] }, 'reserved.1'],
    ['a port over 65535', { kind: 'port', name: 'x', first: 30000, last: 70000 }, 'last'],
    ['port 0', { kind: 'port', name: 'x', first: 0, last: 10 }, 'first'],
    ['ports the wrong way round', { kind: 'port', name: 'x', first: 3000, last: 2000 }, 'last'],
    ['a gateway on a port pool', { kind: 'port', name: 'x', first: 1, last: 2, gateway: '10.0.0.1' }, 'gateway'],
    ['a VMID below 100', { kind: 'vmid', name: 'x', first: 99, last: 200 }, 'first'],
    ['a VMID over 999999999', { kind: 'vmid', name: 'x', first: 100, last: 1_000_000_000 }, 'last'],
    ['a fractional VMID', { kind: 'vmid', name: 'x', first: 100.5, last: 200 }, 'first'],
  ]

  it('refuses bad definitions with 400, naming the field, and creates nothing', async () => {
    const t = await api()
    for (const [name, body, field] of badCreates) {
      const response = await t.request('POST', '/api/pools', { token: t.adminToken, body })
      expect(response.status, name).toBe(400)
      expect(response.json.error.code, name).toBe('VALIDATION')
      expect(response.json.error.fields, name).toHaveProperty([field])
    }
    expect(t.core.services.pools.list({}).items).toEqual([])
  })

  it('refuses a taken name, a bad update and an unknown id with the right status and field', async () => {
    const t = await api()
    const pool = await addPool(t, { kind: 'port', name: 'nat', first: 30000, last: 30010 })
    const duplicate = await t.request('POST', '/api/pools', { token: t.adminToken, body: { kind: 'vmid', name: 'NAT', first: 100, last: 200 } })
    expect([duplicate.status, duplicate.json.error.fields]).toEqual([409, { name: 'a pool with this name already exists' }])
    const noKind = await t.request('PUT', `/api/pools/${pool.id}`, { token: t.adminToken, body: { name: 'y' } })
    expect([noKind.status, Object.keys(noKind.json.error.fields)]).toEqual([400, ['kind']])
    const otherKind = await t.request('PUT', `/api/pools/${pool.id}`, { token: t.adminToken, body: { kind: 'vmid', first: 100 } })
    expect([otherKind.status, Object.keys(otherKind.json.error.fields)]).toEqual([400, ['kind']])
    const inverted = await t.request('PUT', `/api/pools/${pool.id}`, { token: t.adminToken, body: { kind: 'port', first: 40000 } })
    expect([inverted.status, Object.keys(inverted.json.error.fields)]).toEqual([400, ['last']])
    t.core.services.pools.allocate(pool.id, 'nat:9', { requested: 30010 })
    const shrink = await t.request('PUT', `/api/pools/${pool.id}`, { token: t.adminToken, body: { kind: 'port', last: 30005 } })
    expect([shrink.status, shrink.json.error.fields]).toEqual([409, { last: '30010 is allocated to nat:9; release it first' }])
    expect((await t.request('GET', '/api/pools/999', { token: t.adminToken })).status).toBe(404)
    expect((await t.request('GET', '/api/pools/999/allocations', { token: t.adminToken })).status).toBe(404)
    expect((await t.request('GET', '/api/pools/abc', { token: t.adminToken })).json.error.fields).toHaveProperty('id')
    expect((await t.request('GET', `/api/pools/${pool.id}/allocations?page_size=501`, { token: t.adminToken })).json.error.fields).toHaveProperty('page_size')
  })
})
