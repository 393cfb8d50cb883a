import { describe, expect, it } from 'vitest'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'

const rulesOf = (w: PveWorld) => [...w.router!.rules.values()]
const portsHeld = (w: PveWorld) => w.api.core.services.db.sqlite.prepare('SELECT slot FROM pool_allocations WHERE pool_id = ? ORDER BY slot').pluck().all(w.portPoolId) as number[]

describe.each([3, 4] as const)('NAT port mappings on an iKuai %s.x router', (generation) => {
  const world = usePveWorld({ nat: { ports: [30000, 30019], limit: 4, generation } })

  it('maps SSH when a NAT container is created and shows the external endpoint', async () => {
    const w = await world()
    const container = await w.createContainer()
    expect(container).toMatchObject({ state: 'running', network_mode: 'nat', ssh_host: 'nat.example.com', ssh_port: 30000 })
    expect(container.steps.at(-1)).toMatchObject({ step: 'map_ssh', status: 'done' })
    expect(rulesOf(w)).toEqual([
      expect.objectContaining({ enabled: 'yes', comment: `proxdesk:c${container.id}:m1:ssh`, interface: 'wan1', lan_addr: '10.0.0.2', protocol: 'tcp', wan_port: '30000', lan_port: '22' }),
    ])
    const list = await w.admin('GET', `/api/containers/${container.id}/nat`, undefined, 200)
    expect(list.items).toEqual([expect.objectContaining({ purpose: 'ssh', external_host: 'nat.example.com', external_port: '30000', internal_address: '10.0.0.2', internal_port: '22', state: 'active' })])
  })

  it('adds mappings from the pool, a chosen port, and a UDP range for port hopping; refuses bad ports and the limit', async () => {
    const w = await world()
    const { id } = await w.createContainer()
    const web = await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'web', internal_port: 80 }, 201)
    expect(web).toMatchObject({ external_port: '30001', internal_port: '80', protocol: 'tcp' })
    const chosen = await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'mail', internal_port: 25, external_port: 30010, protocol: 'tcp+udp' }, 201)
    expect(chosen.external_port).toBe('30010')
    const outside = await w.api.request('POST', `/api/containers/${id}/nat`, { token: w.api.adminToken, body: { internal_port: 443, external_port: 40000 } })
    expect(outside.status).toBe(400)
    expect(outside.json.error.fields).toHaveProperty('external_port')
    const taken = await w.api.request('POST', `/api/containers/${id}/nat`, { token: w.api.adminToken, body: { internal_port: 443, external_port: 30010 } })
    expect(taken.status).toBe(409)
    expect(taken.json.error.fields).toHaveProperty('external_port')
    const hopping = await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'hysteria', protocol: 'udp', internal_port: 20000, internal_port_last: 20004 }, 201)
    expect(hopping).toMatchObject({ external_port: '30002-30006', internal_port: '20000-20004', protocol: 'udp' })
    expect(rulesOf(w).find((r) => r.comment.endsWith(':hysteria'))).toMatchObject({ wan_port: '30002-30006', lan_port: '20000-20004', protocol: 'udp' })
    const overLimit = await w.api.request('POST', `/api/containers/${id}/nat`, { token: w.api.adminToken, body: { internal_port: 8080 } })
    expect(overLimit.status).toBe(409)
    expect(overLimit.json.error.message).toMatch(/4 port mappings/)
    expect(portsHeld(w)).toEqual([30000, 30001, 30002, 30003, 30004, 30005, 30006, 30010])
  })

  it('answers POOL_EXHAUSTED when no run of free ports is long enough, changing nothing', async () => {
    const w = await world()
    const { id } = await w.createContainer()
    const before = rulesOf(w).length
    const tooLong = await w.api.request('POST', `/api/containers/${id}/nat`, { token: w.api.adminToken, body: { protocol: 'udp', internal_port: 1000, internal_port_last: 1030 } })
    expect(tooLong.status).toBe(409)
    expect(tooLong.json.error.code).toBe('POOL_EXHAUSTED')
    expect(rulesOf(w)).toHaveLength(before)
    expect(portsHeld(w)).toEqual([30000])
  })

  it('steps around WAN ports that rules proxdesk did not make hold on the router, and names them when chosen', async () => {
    const w = await world()
    const { id } = await w.createContainer()
    w.router!.rules.set(500, { id: 500, enabled: 'yes', comment: 'made by hand', interface: 'wan1', lan_addr: '10.9.9.9', protocol: 'tcp', wan_port: '30001,30002', lan_port: '80', src_addr: '' })
    const preview = await w.admin('GET', `/api/plans/${w.planId}/next-allocation`, undefined, 200)
    expect(preview.ssh_port).toBe(30003)
    const web = await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'web', internal_port: 80 }, 201)
    expect(web.external_port).toBe('30003')
    // A UDP range does not clash with a TCP-only rule, but needs three consecutive pool ports.
    const hopping = await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'hysteria', protocol: 'udp', internal_port: 20000, internal_port_last: 20002 }, 201)
    expect(hopping.external_port).toBe('30004-30006')
    const chosen = await w.api.request('POST', `/api/containers/${id}/nat`, { token: w.api.adminToken, body: { internal_port: 443, external_port: 30002, protocol: 'tcp+udp' } })
    expect(chosen.status).toBe(409)
    expect(chosen.json.error.fields.external_port).toMatch(/30002 is already in use/)
    expect(portsHeld(w)).toEqual([30000, 30003, 30004, 30005, 30006])
  })

  it('deletes a mapping from the router and frees its ports', async () => {
    const w = await world()
    const { id } = await w.createContainer()
    const web = await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'web', internal_port: 80 }, 201)
    await w.admin('DELETE', `/api/containers/${id}/nat/${web.id}`, undefined, 204)
    expect(rulesOf(w).map((r) => r.comment)).toEqual([`proxdesk:c${id}:m1:ssh`])
    expect(portsHeld(w)).toEqual([30000])
    expect((await w.api.request('DELETE', `/api/containers/${id}/nat/${web.id}`, { token: w.api.adminToken })).status).toBe(404)
  })

  it('disables the rules on suspend, enables them on unsuspend, and removes them on terminate', async () => {
    const w = await world()
    const { id } = await w.createContainer()
    await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'web', internal_port: 80 }, 201)
    await w.admin('POST', `/api/containers/${id}/suspend`, undefined, 200)
    expect(rulesOf(w).map((r) => r.enabled)).toEqual(['no', 'no'])
    expect((await w.admin('GET', `/api/containers/${id}/nat`)).items.map((m: { state: string }) => m.state)).toEqual(['disabled', 'disabled'])
    await w.admin('POST', `/api/containers/${id}/unsuspend`, undefined, 200)
    expect(rulesOf(w).map((r) => r.enabled)).toEqual(['yes', 'yes'])
    await w.admin('DELETE', `/api/containers/${id}`, undefined, 200)
    expect((await w.settle(id)).state).toBe('deleted')
    expect(rulesOf(w)).toEqual([])
    expect(portsHeld(w)).toEqual([])
  })

  it('undoes the whole create when the router refuses the SSH mapping, leaving nothing on the router or in the pools', async () => {
    const w = await world()
    w.router!.faults.set({ match: { action: 'add' }, kind: 'error', message: 'wan port conflict' })
    const container = await w.createContainer()
    w.router!.faults.clear()
    expect(container.state).toBe('failed')
    expect(container.last_error).toMatch(/map_ssh/)
    expect(rulesOf(w)).toEqual([])
    expect(portsHeld(w)).toEqual([])
    expect(w.fake.state.containers.has(200)).toBe(false)
    expect(w.api.core.services.pools.allocationsOf(`container:${container.id}`)).toEqual([])
  })

  it('reconciles: finds missing, orphaned and changed rules, and repairs them on request', async () => {
    const w = await world()
    const { id } = await w.createContainer()
    const web = await w.admin('POST', `/api/containers/${id}/nat`, { purpose: 'web', internal_port: 80 }, 201)
    const ssh = rulesOf(w).find((r) => r.comment.endsWith(':ssh'))!
    const webRule = rulesOf(w).find((r) => r.comment.endsWith(':web'))!
    w.router!.rules.delete(ssh.id)
    webRule.lan_port = '8080'
    w.router!.rules.set(999, { id: 999, enabled: 'yes', comment: 'proxdesk:c77:m77:ssh', interface: 'wan1', lan_addr: '10.0.0.9', protocol: 'tcp', wan_port: '30019', lan_port: '22', src_addr: '' })
    w.router!.rules.set(1000, { id: 1000, enabled: 'yes', comment: 'someone else', interface: 'wan1', lan_addr: '10.0.0.10', protocol: 'tcp', wan_port: '8443', lan_port: '443', src_addr: '' })

    const report = await w.admin('GET', `/api/routers/${w.routerId}/reconcile`, undefined, 200)
    expect(report.missing.map((m: { purpose: string }) => m.purpose)).toEqual(['ssh'])
    expect(report.orphaned.map((r: { id: number }) => r.id)).toEqual([999])
    expect(report.changed).toEqual([expect.objectContaining({ mapping: expect.objectContaining({ id: web.id }), differences: ['lan_port: router has 8080, expected 80'] })])
    expect(report.in_sync).toBe(0)

    const repaired = await w.admin('POST', `/api/routers/${w.routerId}/reconcile`, undefined, 200)
    expect(repaired).toMatchObject({ missing: [], orphaned: [], changed: [], in_sync: 2 })
    expect(w.router!.rules.has(1000)).toBe(true)
    expect(rulesOf(w).filter((r) => r.comment.startsWith('proxdesk:')).map((r) => `${r.wan_port}>${r.lan_port}`).sort()).toEqual(['30000>22', '30001>80'])
  })
})

describe('routers', () => {
  const world = usePveWorld({ nat: { ports: [30000, 30009] } })

  it('tests a router login, keeps its password out of responses, and refuses to delete one in use', async () => {
    const w = await world()
    const test = await w.admin('POST', `/api/routers/${w.routerId}/test`, undefined, 200)
    expect(test).toMatchObject({ reachable: true, generation: 3, rule_count: 0, error: null })
    const list = await w.api.request('GET', '/api/routers', { token: w.api.adminToken })
    expect(list.body).not.toContain(w.router!.password)
    expect(list.json.items[0]).toMatchObject({ has_password: true, public_host: 'nat.example.com', wan_interface: 'wan1' })
    await w.admin('PUT', `/api/routers/${w.routerId}`, { password: 'wrong-password' }, 200)
    const refused = await w.admin('POST', `/api/routers/${w.routerId}/test`, undefined, 200)
    expect(refused).toMatchObject({ reachable: true, error: { code: 'UPSTREAM_AUTH' } })
    expect(JSON.stringify(refused)).not.toContain('wrong-password')
    expect((await w.api.request('DELETE', `/api/routers/${w.routerId}`, { token: w.api.adminToken })).status).toBe(409)
  })

  it('requires a router and a port pool for NAT plans', async () => {
    const w = await world()
    const response = await w.api.request('POST', '/api/plans', {
      token: w.api.adminToken,
      body: { name: 'nat2', connection_id: w.connectionId, pve_node: 'pve1', network_mode: 'nat', port_pool_id: w.portPoolId, bridge: 'vmbr0', storage: 'local-lvm', ip_pool_id: w.ipPoolId, vmid_pool_id: w.vmidPoolId, cores: 1, memory_mb: 256, disk_gb: 4, templates: ['local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'] },
    })
    expect(response.status).toBe(400)
    expect(response.json.error.fields).toHaveProperty('router_id')
  })
})
