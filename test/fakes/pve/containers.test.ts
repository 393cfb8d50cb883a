import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakePve, type FakePve } from './index'
import { pveTestClient, type PveTestClient } from './pveTestClient'

const TEMPLATE = 'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst'
const UPID_RE = /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:(\w+):(\d*):([^:\s]+):$/

describe('fake PVE: container lifecycle', () => {
  let fake: FakePve
  let client: PveTestClient

  beforeAll(async () => {
    fake = await startFakePve({ taskDurationMs: 10 })
    client = pveTestClient(fake)
  })

  afterAll(async () => {
    await client.close()
    await fake.close()
  })

  async function task(reply: { status: number; json: { data: string } }): Promise<{ status: string; exitstatus: string }> {
    expect(reply.status).toBe(200)
    expect(reply.json.data).toMatch(UPID_RE)
    return client.waitForTask(reply.json.data)
  }

  it('creates a container in a vzcreate task', async () => {
    const reply = await client.call('POST', '/nodes/pve1/lxc', {
      params: {
        vmid: 105,
        ostemplate: TEMPLATE,
        hostname: 'web-105',
        memory: 1024,
        rootfs: 'local-lvm:8',
        net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.105/24,gw=10.0.0.1',
        nameserver: '1.1.1.1',
      },
    })
    const [, type, id, user] = UPID_RE.exec(reply.json.data)!
    expect([type, id, user]).toEqual(['vzcreate', '105', 'root@pam!proxdesk'])
    expect(await client.waitForTask(reply.json.data)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
    const config = (await client.call('GET', '/nodes/pve1/lxc/105/config')).json.data
    expect(config).toMatchObject({
      hostname: 'web-105',
      memory: 1024,
      swap: 512,
      ostype: 'ubuntu',
      arch: 'amd64',
      unprivileged: 1,
      rootfs: 'local-lvm:vm-105-disk-0,size=8G',
      nameserver: '1.1.1.1',
    })
    expect(config.net0).toMatch(/^name=eth0,bridge=vmbr0,gw=10\.0\.0\.1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=10\.0\.0\.105\/24,type=veth$/)
    expect(config.digest).toMatch(/^[0-9a-f]{40}$/)
    expect(config.lock).toBeUndefined()
    const disks = await client.call('GET', '/nodes/pve1/storage/local-lvm/content')
    expect(disks.json.data).toEqual([expect.objectContaining({ volid: 'local-lvm:vm-105-disk-0', vmid: 105, size: 8 * 1024 ** 3 })])
  })

  it('refuses duplicate VMIDs, storages without rootdir content and missing templates', async () => {
    const duplicate = await client.call('POST', '/nodes/pve1/lxc', { params: { vmid: 105, ostemplate: TEMPLATE, rootfs: 'local-lvm:8' } })
    expect([duplicate.status, duplicate.statusText]).toEqual([500, "CT 105 already exists on node 'pve1'"])
    const noRootdir = await client.call('POST', '/nodes/pve1/lxc', { params: { vmid: 106, ostemplate: TEMPLATE } })
    expect([noRootdir.status, noRootdir.json.errors]).toEqual([400, { storage: "storage 'local' does not support container directories" }])
    const missing = await client.call('POST', '/nodes/pve1/lxc', {
      params: { vmid: 106, ostemplate: 'local:vztmpl/nope.tar.zst', rootfs: 'local-lvm:4' },
    })
    expect(await task(missing)).toEqual(
      expect.objectContaining({ exitstatus: "unable to create CT 106 - volume 'local:vztmpl/nope.tar.zst' does not exist" }),
    )
    expect(fake.state.containers.has(106)).toBe(false)
  })

  it('starts, reports status and stops, with PVE messages for the wrong state', async () => {
    expect(await task(await client.call('POST', '/nodes/pve1/lxc/105/status/start'))).toMatchObject({ exitstatus: 'OK' })
    const status = (await client.call('GET', '/nodes/pve1/lxc/105/status/current')).json.data
    expect(status).toMatchObject({ status: 'running', vmid: 105, name: 'web-105', type: 'lxc', maxmem: 1024 * 1024 ** 2, ha: { managed: 0 } })
    expect(status.cpu).toBeGreaterThan(0)
    const again = await client.call('POST', '/nodes/pve1/lxc/105/status/start')
    expect([again.status, again.statusText]).toEqual([500, 'CT 105 already running'])
    const destroy = await client.call('DELETE', '/nodes/pve1/lxc/105')
    expect([destroy.status, destroy.statusText]).toEqual([500, 'unable to destroy CT 105 - container is running'])
    expect(await task(await client.call('POST', '/nodes/pve1/lxc/105/status/shutdown', { params: { timeout: 30 } }))).toMatchObject({ exitstatus: 'OK' })
    const stop = await client.call('POST', '/nodes/pve1/lxc/105/status/stop')
    expect([stop.status, stop.statusText]).toEqual([500, 'CT 105 not running'])
    const unknown = await client.call('GET', '/nodes/pve1/lxc/999/status/current')
    expect([unknown.status, unknown.statusText]).toEqual([500, "Configuration file 'nodes/pve1/lxc/999.conf' does not exist"])
  })

  it('updates the config, guarded by its digest', async () => {
    const { digest } = (await client.call('GET', '/nodes/pve1/lxc/105/config')).json.data
    expect((await client.call('PUT', '/nodes/pve1/lxc/105/config', { params: { cores: 2, description: 'web', digest } })).json).toEqual({ data: null })
    const stale = await client.call('PUT', '/nodes/pve1/lxc/105/config', { params: { cores: 4, digest } })
    expect([stale.status, stale.statusText]).toEqual([500, 'detected modified configuration - file changed by other user? Try again.'])
    const required = await client.call('PUT', '/nodes/pve1/lxc/105/config', { params: { delete: 'memory' } })
    expect(required.statusText).toBe("unable to delete required option 'memory'")
    expect((await client.call('GET', '/nodes/pve1/lxc/105/config')).json.data).toMatchObject({ cores: 2, description: 'web' })
  })

  it('snapshots, lists with the current pseudo entry, rolls back and deletes', async () => {
    const snapshot = await client.call('POST', '/nodes/pve1/lxc/105/snapshot', { params: { snapname: 'before', description: 'clean' } })
    expect(await task(snapshot)).toMatchObject({ exitstatus: 'OK' })
    await client.call('PUT', '/nodes/pve1/lxc/105/config', { params: { memory: 2048 } })

    const list = (await client.call('GET', '/nodes/pve1/lxc/105/snapshot')).json.data
    expect(list).toEqual([
      { name: 'before', description: 'clean', snaptime: expect.any(Number) },
      { name: 'current', description: 'You are here!', digest: expect.stringMatching(/^[0-9a-f]{40}$/), running: 0, parent: 'before' },
    ])
    const reused = await client.call('POST', '/nodes/pve1/lxc/105/snapshot', { params: { snapname: 'before' } })
    expect(await task(reused)).toMatchObject({ exitstatus: "snapshot name 'before' already used" })

    expect(await task(await client.call('POST', '/nodes/pve1/lxc/105/snapshot/before/rollback', { params: { start: 1 } }))).toMatchObject({
      exitstatus: 'OK',
    })
    expect((await client.call('GET', '/nodes/pve1/lxc/105/config')).json.data.memory).toBe(1024)
    const started = (await client.call('GET', '/nodes/pve1/tasks', { params: { vmid: 105, typefilter: 'vzstart', source: 'all' } })).json.data
    await client.waitForTask(started[0].upid)

    expect(await task(await client.call('DELETE', '/nodes/pve1/lxc/105/snapshot/before'))).toMatchObject({ exitstatus: 'OK' })
    const missing = await client.call('DELETE', '/nodes/pve1/lxc/105/snapshot/before')
    expect(await task(missing)).toMatchObject({ exitstatus: "snapshot 'before' does not exist" })
  })

  it('lists tasks with filters and pages their logs', async () => {
    const tasks = await client.call('GET', '/nodes/pve1/tasks', { params: { vmid: 105, limit: 3 } })
    expect(tasks.json.data).toHaveLength(3)
    expect(tasks.json.total).toBeGreaterThan(3)
    expect(tasks.json.data[0]).toMatchObject({ node: 'pve1', id: '105', user: 'root@pam', status: expect.any(String), endtime: expect.any(Number) })
    const failed = await client.call('GET', '/nodes/pve1/tasks', { params: { statusfilter: 'error', typefilter: 'vzsnapshot' } })
    expect(failed.json.data.map((entry: { status: string }) => entry.status)).toEqual(["snapshot name 'before' already used"])

    const create = (await client.call('GET', '/nodes/pve1/tasks', { params: { typefilter: 'vzcreate', statusfilter: 'ok' } })).json.data[0]
    const log = await client.call('GET', `/nodes/pve1/tasks/${encodeURIComponent(create.upid)}/log`, { params: { start: 1, limit: 2 } })
    expect(log.json.data).toEqual([
      { n: 2, t: 'Creating filesystem with 2097152 4k blocks and 524288 inodes' },
      { n: 3, t: "extracting archive '/var/lib/vz/template/cache/ubuntu-24.04-standard_24.04-2_amd64.tar.zst'" },
    ])
    const fullLog = await client.call('GET', `/nodes/pve1/tasks/${encodeURIComponent(create.upid)}/log`, { params: { limit: 0 } })
    expect(fullLog.json.data.at(-1)).toEqual({ n: log.json.total, t: 'TASK OK' })
    const bogus = await client.call('GET', '/nodes/pve1/tasks/UPID:nope/status')
    expect([bogus.status, bogus.json.errors]).toEqual([400, { upid: 'unable to parse worker upid' }])
  })

  it('stops a running task on DELETE', async () => {
    const proxy = await client.call('POST', '/nodes/pve1/lxc/105/termproxy')
    expect(proxy.json.data).toMatchObject({ user: 'root@pam!proxdesk', port: 5900, ticket: expect.stringMatching(/^PVEVNC:[0-9A-F]{8}::/) })
    const upid = proxy.json.data.upid
    expect((await client.call('DELETE', `/nodes/pve1/tasks/${encodeURIComponent(upid)}`)).json).toEqual({ data: null })
    expect(await client.waitForTask(upid)).toMatchObject({ exitstatus: 'received interrupt' })
  })

  it('opens VNC proxies with a separate VNC password for websockets', async () => {
    const vnc = (await client.call('POST', '/nodes/pve1/lxc/105/vncproxy', { params: { websocket: 1 } })).json.data
    expect(vnc).toMatchObject({ port: 5900, cert: fake.caPem, user: 'root@pam!proxdesk' })
    expect(vnc.password).toMatch(/^[!-~]{8}$/)
    expect(vnc.ticket.startsWith(`${vnc.password}:PVEVNC:`)).toBe(true)
    expect((await client.call('POST', '/nodes/pve1/lxc/105/vncproxy')).json.data.port).toBe(5901)
  })

  it('serves RRD rows with PVE 9 resolution and values that change over time', async () => {
    // RRD rows only exist for steps the container lived through, so pretend it was created and started earlier.
    const ct = fake.state.containers.get(105)!
    ct.createdAt -= 2 * 3600_000
    ct.startedAt! -= 2 * 3600_000
    const hour = (await client.call('GET', '/nodes/pve1/lxc/105/rrddata', { params: { timeframe: 'hour' } })).json.data
    expect(hour).toHaveLength(60)
    expect(hour[1].time - hour[0].time).toBe(60)
    expect(Object.keys(hour.at(-1)).sort()).toEqual(
      [
        'time', 'maxcpu', 'cpu', 'maxmem', 'mem', 'memhost', 'maxdisk', 'disk', 'netin', 'netout', 'diskread', 'diskwrite',
        'pressurecpusome', 'pressurecpufull', 'pressureiosome', 'pressureiofull', 'pressurememorysome', 'pressurememoryfull',
      ].sort(),
    )
    expect(new Set(hour.map((row: { cpu?: number }) => row.cpu)).size).toBeGreaterThan(1)
    const week = (await client.call('GET', '/nodes/pve1/lxc/105/rrddata', { params: { timeframe: 'week', cf: 'MAX' } })).json.data
    expect([week.length, week[1].time - week[0].time]).toEqual([336, 1800])
    expect(week[0]).toEqual({ time: week[0].time })
  })

  it('destroys a container with its disks and ACLs', async () => {
    await client.call('PUT', '/access/acl', { params: { path: '/vms/105', roles: 'PVEAuditor', users: 'root@pam' } })
    expect(await task(await client.call('POST', '/nodes/pve1/lxc/105/status/stop'))).toMatchObject({ exitstatus: 'OK' })
    expect(await task(await client.call('DELETE', '/nodes/pve1/lxc/105', { params: { purge: 1, 'destroy-unreferenced-disks': 1 } }))).toMatchObject({
      exitstatus: 'OK',
    })
    expect(fake.state.containers.has(105)).toBe(false)
    expect((await client.call('GET', '/nodes/pve1/storage/local-lvm/content')).json.data).toEqual([])
    expect(fake.state.acls.filter((acl) => acl.path === '/vms/105')).toEqual([])
    expect(fake.schemaViolations).toEqual([])
  })

  it('starts a new container right after creation when asked to', async () => {
    const create = await client.call('POST', '/nodes/pve1/lxc', { params: { vmid: 107, ostemplate: TEMPLATE, rootfs: '2', storage: 'local-lvm', start: 1 } })
    expect(await task(create)).toMatchObject({ exitstatus: 'OK' })
    const start = (await client.call('GET', '/nodes/pve1/tasks', { params: { vmid: 107, typefilter: 'vzstart', source: 'all' } })).json.data[0]
    expect(await client.waitForTask(start.upid)).toMatchObject({ exitstatus: 'OK' })
    expect((await client.call('GET', '/nodes/pve1/lxc')).json.data).toEqual([
      expect.objectContaining({ vmid: 107, status: 'running', name: 'CT107', maxdisk: 2 * 1024 ** 3 }),
    ])
  })
})

describe('fake PVE: tasks while they run', () => {
  let fake: FakePve
  let client: PveTestClient

  beforeAll(async () => {
    // Tasks that never finish on their own, so the running state can be inspected without racing a timer.
    fake = await startFakePve({ taskDurationMs: 600_000 })
    client = pveTestClient(fake)
  })

  afterAll(async () => {
    await client.close()
    await fake.close()
  })

  it('shows the create lock and a running task, and removes the half-created container when interrupted', async () => {
    const upid = (await client.call('POST', '/nodes/pve1/lxc', { params: { vmid: 130, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' } })).json.data
    const status = await client.call('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)
    expect(status.json.data).toEqual({
      upid,
      node: 'pve1',
      pid: expect.any(Number),
      pstart: expect.any(Number),
      starttime: expect.any(Number),
      type: 'vzcreate',
      id: '130',
      user: 'root@pam',
      tokenid: 'proxdesk',
      status: 'running',
    })
    expect((await client.call('GET', '/nodes/pve1/lxc/130/config')).json.data.lock).toBe('create')
    const active = await client.call('GET', '/nodes/pve1/tasks', { params: { source: 'active' } })
    expect(active.json.data).toEqual([expect.objectContaining({ upid, status: 'RUNNING' })])
    expect((await client.call('GET', '/nodes/pve1/tasks')).json.data).toEqual([])

    await client.call('DELETE', `/nodes/pve1/tasks/${encodeURIComponent(upid)}`)
    expect((await client.call('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)).json.data).toMatchObject({
      status: 'stopped',
      exitstatus: 'received interrupt',
    })
    expect(fake.state.containers.has(130)).toBe(false)
  })

  it('holds the snapshot lock while the snapshot task runs', async () => {
    fake.state.containers.set(131, {
      vmid: 131,
      node: 'pve1',
      status: 'stopped',
      config: { hostname: 'seeded', memory: 512, ostype: 'debian', rootfs: 'local-lvm:vm-131-disk-0,size=4G' },
      snapshots: new Map(),
      createdAt: Date.now(),
    })
    const upid = (await client.call('POST', '/nodes/pve1/lxc/131/snapshot', { params: { snapname: 'pre' } })).json.data
    expect((await client.call('GET', '/nodes/pve1/lxc/131/config')).json.data.lock).toBe('snapshot')
    const edit = await client.call('PUT', '/nodes/pve1/lxc/131/config', { params: { memory: 1024 } })
    expect([edit.status, edit.statusText]).toEqual([500, 'CT is locked (snapshot)'])
    await client.call('DELETE', `/nodes/pve1/tasks/${encodeURIComponent(upid)}`)
    expect((await client.call('GET', '/nodes/pve1/lxc/131/config')).json.data.lock).toBeUndefined()
    expect((await client.call('GET', '/nodes/pve1/lxc/131/snapshot')).json.data.map((entry: { name: string }) => entry.name)).toEqual(['current'])
  })
})
