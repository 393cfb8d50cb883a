import { describe, expect, it } from 'vitest'
import { usePveWorld } from '../helpers/pveWorld'

describe('container reads', () => {
  const world = usePveWorld()

  it('reports live status, parsed config, tasks with logs, rrd series and the cluster overview', async () => {
    const w = await world()
    const container = await w.createContainer()
    const id = container.id

    const status = await w.admin('GET', `/api/containers/${id}/status`, undefined, 200)
    expect(status).toMatchObject({ status: 'running', cpus: 1, memory_max_bytes: 512 * 1024 ** 2, disk_max_bytes: 8 * 1024 ** 3 })

    const config = await w.admin('GET', `/api/containers/${id}/config`, undefined, 200)
    expect(config).toMatchObject({ hostname: 'web1', cores: 1, memory_mb: 512, swap_mb: 512, nameservers: ['1.1.1.1'] })
    expect(config.networks).toEqual([
      { name: 'net0', interface: 'eth0', bridge: 'vmbr0', ip: '10.0.0.2', prefix_length: 28, gateway: '10.0.0.1', rate_mbps: 12.5, hwaddr: expect.any(String) },
    ])
    expect(config.disks).toEqual([{ name: 'rootfs', storage: 'local-lvm', volume: expect.stringMatching(/vm-200-disk/), size_bytes: 8 * 1024 ** 3 }])

    const tasks = await w.admin('GET', `/api/containers/${id}/tasks`, undefined, 200)
    const types = tasks.items.map((t: { type: string }) => t.type)
    expect(types).toEqual(expect.arrayContaining(['vzcreate', 'vzstart']))
    const create = tasks.items.find((t: { type: string }) => t.type === 'vzcreate')
    const log = await w.admin('GET', `/api/containers/${id}/tasks/${encodeURIComponent(create.upid)}/log?start=0&limit=2`, undefined, 200)
    expect(log.lines.length).toBeLessThanOrEqual(2)
    expect(log.total).toBeGreaterThanOrEqual(log.lines.length)
    const foreignTask = await w.api.request('GET', `/api/containers/${id}/tasks/${encodeURIComponent(create.upid.replace(':200:', ':999:'))}/log`, { token: w.api.adminToken })
    expect(foreignTask.status).toBe(404)

    // A container that has been running for a year and a bit, so every timeframe has data.
    const ct = w.fake.state.containers.get(200)!
    ct.createdAt -= 400 * 86_400_000
    ct.startedAt = ct.createdAt
    for (const timeframe of ['hour', 'day', 'week', 'month', 'year']) {
      const rrd = await w.admin('GET', `/api/containers/${id}/rrd?timeframe=${timeframe}`, undefined, 200)
      expect(rrd.cpu_percent.length, timeframe).toBeGreaterThan(0)
      for (const [time, value] of rrd.cpu_percent) {
        expect(time).toBeGreaterThan(1_000_000_000)
        expect(value).toBeGreaterThanOrEqual(0)
        expect(value).toBeLessThanOrEqual(100)
      }
      expect(rrd.net_in_bytes_per_second.length).toBe(rrd.cpu_percent.length)
    }

    const overview = await w.admin('GET', `/api/pve/connections/${w.connectionId}/guests`, undefined, 200)
    expect(overview.items).toContainEqual(expect.objectContaining({ vmid: 200, pve_node: 'pve1', type: 'lxc', status: 'running', container_id: id }))
    expect(w.fake.schemaViolations).toEqual([])
  })

  it('takes, lists, rolls back and deletes snapshots, validating names', async () => {
    const w = await world()
    const { id } = await w.createContainer()
    const taken = await w.admin('POST', `/api/containers/${id}/snapshots`, { name: 'before-upgrade', description: 'pre apt upgrade' }, 201)
    expect(taken).toMatchObject({ ok: true, exitstatus: 'OK' })
    const list = await w.admin('GET', `/api/containers/${id}/snapshots`, undefined, 200)
    expect(list.items).toEqual([{ name: 'before-upgrade', description: 'pre apt upgrade', snaptime: expect.any(Number), parent: null }])
    expect((await w.admin('POST', `/api/containers/${id}/snapshots/before-upgrade/rollback`, undefined, 200)).ok).toBe(true)
    // PVE stops a CT to roll it back; a running one is started again (rollback's start=1 forks a vzstart task).
    await expect.poll(async () => (await w.admin('GET', `/api/containers/${id}/status`, undefined, 200)).status).toBe('running')
    expect((await w.admin('DELETE', `/api/containers/${id}/snapshots/before-upgrade`, undefined, 200)).ok).toBe(true)
    expect((await w.admin('GET', `/api/containers/${id}/snapshots`)).items).toEqual([])
    const badName = await w.api.request('POST', `/api/containers/${id}/snapshots`, { token: w.api.adminToken, body: { name: '1; rm -rf /' } })
    expect(badName.status).toBe(400)
    expect(badName.json.error.fields).toHaveProperty('name')
    expect(w.fake.schemaViolations).toEqual([])
  })

  it('refuses reads of a container that is not on PVE', async () => {
    const w = await world()
    w.fake.faults.set({ match: { method: 'POST', pathPrefix: '/api2/json/nodes/pve1/lxc' }, kind: 'status', status: 500, message: 'nope' })
    const failed = await w.createContainer()
    w.fake.faults.clear()
    const response = await w.api.request('GET', `/api/containers/${failed.id}/status`, { token: w.api.adminToken })
    expect(response.status).toBe(409)
  })
})
