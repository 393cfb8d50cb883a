// GET /api/plans/{id}/next-allocation: what the next create from a plan would be given, reserving nothing.
import { describe, expect, it } from 'vitest'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'

/** Everything an allocation could change, to prove a preview writes nothing. */
const allocationState = (w: PveWorld) => {
  const sqlite = w.api.core.services.db.sqlite
  return {
    allocations: sqlite.prepare('SELECT pool_id, slot, owner FROM pool_allocations ORDER BY pool_id, slot').all(),
    freeRanges: sqlite.prepare('SELECT * FROM pool_free_ranges ORDER BY pool_id, range_start').all(),
    containers: sqlite.prepare('SELECT COUNT(*) FROM containers').pluck().get(),
  }
}

const preview = (w: PveWorld, planId = w.planId) => w.admin('GET', `/api/plans/${planId}/next-allocation`, undefined, 200)

function addForeignGuest(w: PveWorld, vmid: number): void {
  w.fake.state.containers.set(vmid, { vmid, node: 'pve1', status: 'stopped', config: { hostname: 'foreign' }, createdAt: 0, snapshots: new Map() })
}

describe('allocation preview, bridged plan', () => {
  const world = usePveWorld()

  it('names the lowest free VMID and address with the container’s own SSH endpoint, and writes nothing', async () => {
    const w = await world()
    const before = allocationState(w)
    expect(await preview(w)).toEqual({ vmid: 200, ip_address: '10.0.0.2', prefix_length: 28, gateway: '10.0.0.1', ssh_host: '10.0.0.2', ssh_port: 22 })
    expect(await preview(w)).toEqual(await preview(w))
    expect(allocationState(w)).toEqual(before)
  })

  it('skips VMIDs in use on the cluster, and the next create gets exactly what it showed', async () => {
    const w = await world()
    await w.createContainer({ hostname: 'first' })
    addForeignGuest(w, 201)
    const shown = await preview(w)
    expect(shown).toMatchObject({ vmid: 202, ip_address: '10.0.0.3' })
    const created = await w.createContainer({ hostname: 'second' })
    expect(created.state).toBe('running')
    expect({ vmid: created.vmid, ip_address: created.ip_address, prefix_length: created.prefix_length, gateway: created.gateway, ssh_host: created.ssh_host, ssh_port: created.ssh_port }).toEqual(shown)
  })

  it('answers 404 for an unknown plan', async () => {
    const w = await world()
    const response = await w.api.request('GET', '/api/plans/999/next-allocation', { token: w.api.adminToken })
    expect(response.status).toBe(404)
  })
})

describe('allocation preview, exhausted pools', () => {
  const world = usePveWorld({ vmids: [200, 201], ipCidr: '10.0.0.0/30' })

  it('answers POOL_EXHAUSTED naming the address pool, then the VMID pool', async () => {
    const w = await world()
    await w.createContainer()
    const noAddress = await w.api.request('GET', `/api/plans/${w.planId}/next-allocation`, { token: w.api.adminToken })
    expect(noAddress.status).toBe(409)
    expect(noAddress.json.error).toMatchObject({ code: 'POOL_EXHAUSTED', message: expect.stringContaining('pool lan') })

    addForeignGuest(w, 201)
    const noVmid = await w.api.request('GET', `/api/plans/${w.planId}/next-allocation`, { token: w.api.adminToken })
    expect(noVmid.status).toBe(409)
    expect(noVmid.json.error).toMatchObject({ code: 'POOL_EXHAUSTED', message: expect.stringContaining('pool ids') })
  })
})

describe('allocation preview, NAT plan', () => {
  const world = usePveWorld({ nat: { ports: [30000, 30001] } })

  it('shows the router’s public host and the lowest free port, matching the next create', async () => {
    const w = await world()
    const before = allocationState(w)
    expect(await preview(w)).toEqual({ vmid: 200, ip_address: '10.0.0.2', prefix_length: 28, gateway: '10.0.0.1', ssh_host: 'nat.example.com', ssh_port: 30000 })
    expect(allocationState(w)).toEqual(before)

    await w.createContainer({ hostname: 'first' })
    const shown = await preview(w)
    expect(shown).toMatchObject({ vmid: 201, ip_address: '10.0.0.3', ssh_host: 'nat.example.com', ssh_port: 30001 })
    const created = await w.createContainer({ hostname: 'second' })
    expect(created).toMatchObject({ state: 'running', ...shown })

    const noPort = await w.api.request('GET', `/api/plans/${w.planId}/next-allocation`, { token: w.api.adminToken })
    expect(noPort.status).toBe(409)
    expect(noPort.json.error).toMatchObject({ code: 'POOL_EXHAUSTED', message: expect.stringContaining('pool wan-ports') })
  })
})
