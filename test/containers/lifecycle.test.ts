import { describe, expect, it } from 'vitest'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'

/** What must be gone after an undo or a termination: nothing left on PVE or in the pools. */
function expectNothingLeaked(world: PveWorld, containerId: number, vmid: number | null): void {
  const { fake, api } = world
  if (vmid !== null) {
    expect(fake.state.containers.has(vmid), `CT ${vmid} still on PVE`).toBe(false)
    expect(fake.state.users.has(`ct${vmid}@pve`), 'PVE user left behind').toBe(false)
    expect(fake.state.acls.filter((acl) => acl.path === `/vms/${vmid}`)).toEqual([])
  }
  expect(api.core.services.pools.allocationsOf(`container:${containerId}`)).toEqual([])
}

describe('container lifecycle against the fake PVE', () => {
  const world = usePveWorld({ undoRetryDelaysMs: [50] })

  it('provisions a container from a plan: VMID, IP, console user, CT with the plan’s settings, started', async () => {
    const w = await world()
    const container = await w.createContainer({ owner_label: 'order-1001', ssh_public_keys: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB4 user@host' })
    expect(container).toMatchObject({ state: 'running', vmid: 200, ip_address: '10.0.0.2', prefix_length: 28, gateway: '10.0.0.1', pve_userid: 'ct200@pve', swap_mb: 512 })
    expect(container.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual([
      'allocate_vmid:done',
      'allocate_ip:done',
      'create_pve_user:done',
      'create_ct:done',
      'start_ct:done',
    ])
    const ct = w.fake.state.containers.get(200)!
    expect(ct.status).toBe('running')
    expect(ct.config).toMatchObject({ hostname: 'web1', cores: 1, memory: 512, swap: 512, features: 'nesting=1', unprivileged: 1, onboot: 1, nameserver: '1.1.1.1' })
    expect(Number(ct.config.cpulimit)).toBe(1)
    expect(String(ct.config.net0)).toMatch(/name=eth0/)
    expect(String(ct.config.net0)).toMatch(/bridge=vmbr0/)
    expect(String(ct.config.net0)).toMatch(/ip=10\.0\.0\.2\/28/)
    expect(String(ct.config.net0)).toMatch(/gw=10\.0\.0\.1/)
    expect(String(ct.config.net0)).toMatch(/rate=12\.5/)
    expect(String(ct.config.rootfs)).toMatch(/^local-lvm:.*size=8G/)
    expect(String(ct.config.description)).not.toContain('root-password-1')
    expect(JSON.stringify(ct.config)).not.toContain('root-password-1')
    expect(w.fake.state.users.get('ct200@pve')?.enable).toBe(true)
    expect(w.fake.state.acls).toContainEqual(expect.objectContaining({ path: '/vms/200', ugid: 'ct200@pve', roleid: 'ProxdeskConsole' }))
    expect([...w.fake.state.roles.get('ProxdeskConsole')!.privileges].sort()).toEqual(['VM.Audit', 'VM.Console'])
    expect(w.fake.schemaViolations).toEqual([])
    // The second container takes the next free VMID and IP.
    const second = await w.createContainer({ hostname: 'web2' })
    expect(second).toMatchObject({ state: 'running', vmid: 201, ip_address: '10.0.0.3' })
  })

  it('lets a proxy node record point at the container it runs in', async () => {
    const w = await world()
    const container = await w.createContainer()
    const node = await w.admin('POST', '/api/nodes', { ip_address: '203.0.113.50', server_group: 'hk', container_id: container.id }, 201)
    expect(node.container_id).toBe(container.id)
    const unknown = await w.api.request('PUT', `/api/nodes/${node.id}`, { token: w.api.adminToken, body: { container_id: 999 } })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.fields).toHaveProperty('container_id')
    expect((await w.admin('PUT', `/api/nodes/${node.id}`, { container_id: null }, 200)).container_id).toBeNull()
  })

  it('skips VMIDs already used on the cluster', async () => {
    const w = await world()
    w.fake.state.containers.set(200, { ...structuredClone({ vmid: 200, node: 'pve1', status: 'stopped' as const, config: { hostname: 'foreign' }, createdAt: 0 }), snapshots: new Map() })
    try {
      const container = await w.createContainer()
      expect(container.vmid).toBe(201)
      expect(w.fake.state.containers.get(200)!.config.hostname).toBe('foreign')
    } finally {
      w.fake.state.containers.delete(200)
    }
  })

  it('refuses a template the plan does not offer, and an unknown plan, before touching anything', async () => {
    const w = await world()
    const bad = await w.api.request('POST', '/api/containers', {
      token: w.api.adminToken,
      body: { plan_id: w.planId, hostname: 'x1', password: 'root-password-1', template: 'local:vztmpl/alpine.tar.xz' },
    })
    expect(bad.status).toBe(400)
    expect(bad.json.error.fields).toHaveProperty('template')
    const unknownPlan = await w.api.request('POST', '/api/containers', {
      token: w.api.adminToken,
      body: { plan_id: 999, hostname: 'x1', password: 'root-password-1', template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' },
    })
    expect(unknownPlan.status).toBe(404)
    expect(unknownPlan.json.error.fields).toHaveProperty('plan_id')
  })

  it.each([
    ['allocate_vmid', { match: { method: 'GET', pathPrefix: '/api2/json/cluster/resources' }, kind: 'status', status: 500, message: 'cluster broken', times: 10 }],
    ['create_pve_user', { match: { method: 'POST', pathPrefix: '/api2/json/access/users' }, kind: 'status', status: 500, message: 'user db locked' }],
    ['create_ct', { match: { method: 'POST', pathPrefix: '/api2/json/nodes/pve1/lxc' }, kind: 'status', status: 500, message: 'storage full' }],
    ['create_ct', { match: { method: 'POST', pathPrefix: '/api2/json/nodes/pve1/lxc' }, kind: 'task-fail', message: 'unable to create CT 200 - no space left' }],
    ['start_ct', { match: { method: 'POST', pathPrefix: '/api2/json/nodes/pve1/lxc/200/status/start' }, kind: 'task-fail', message: 'startup for container 200 failed' }],
  ] as const)('undoes everything when %s fails (%s)', async (failingStep, fault) => {
    const w = await world()
    w.fake.faults.set(fault as never)
    const container = await w.createContainer()
    w.fake.faults.clear()
    expect(container.state).toBe('failed')
    expect(container.last_error).toContain(failingStep)
    const statuses = Object.fromEntries(container.steps.map((s: { step: string; status: string }) => [s.step, s.status]))
    expect(statuses[failingStep]).toBe('undone')
    expect(Object.values(statuses).every((s) => s === 'undone')).toBe(true)
    expectNothingLeaked(w, container.id, container.vmid ?? 200)
    expect(w.fake.schemaViolations).toEqual([])
    // The freed VMID and IP are handed out again.
    const retry = await w.createContainer({ hostname: 'web9' })
    expect(retry).toMatchObject({ state: 'running', vmid: 200, ip_address: '10.0.0.2' })
  })

  it('retries an undo that failed in the same process instead of waiting for a restart', async () => {
    const w = await world()
    w.fake.faults.set({ match: { method: 'POST', pathPrefix: '/api2/json/nodes/pve1/lxc/200/status/start' }, kind: 'status', status: 500, message: 'start failed', times: 1 })
    w.fake.faults.set({ match: { method: 'DELETE', pathPrefix: '/api2/json/nodes/pve1/lxc/200' }, kind: 'status', status: 500, message: 'busy', times: 1 })
    const container = await w.createContainer()
    expect(container.state).toBe('failed')
    expect(container.last_error).toMatch(/^start_ct: /)
    expectNothingLeaked(w, container.id, 200)
  })

  it('fails cleanly when the IP pool is exhausted, releasing the VMID', async () => {
    const w = await world()
    const pools = w.api.core.services.pools
    for (let i = 0; i < 13; i++) pools.allocate(w.ipPoolId, `test:${i}`)
    const container = await w.createContainer()
    expect(container.state).toBe('failed')
    expect(container.last_error).toMatch(/allocate_ip/)
    expectNothingLeaked(w, container.id, 200)
  })

  it('terminates: destroys the CT and its user, releases VMID and IP', async () => {
    const w = await world()
    const container = await w.createContainer()
    const deleting = await w.admin('DELETE', `/api/containers/${container.id}`, undefined, 200)
    expect(deleting.state).toBe('deleting')
    const done = await w.settle(container.id)
    expect(done.state).toBe('deleted')
    expectNothingLeaked(w, container.id, container.vmid)
    const list = await w.admin('GET', '/api/containers', undefined, 200)
    expect(list.items.map((c: { id: number }) => c.id)).not.toContain(container.id)
    expect((await w.api.request('DELETE', `/api/containers/${container.id}`, { token: w.api.adminToken })).status).toBe(404)
  })

  it('leaves a foreign container with a reused VMID alone', async () => {
    const w = await world()
    const container = await w.createContainer()
    w.fake.state.containers.get(container.vmid)!.config.description = 'somebody else'
    await w.admin('DELETE', `/api/containers/${container.id}`, undefined, 200)
    const after = await w.settle(container.id)
    expect(after.state).toBe('deleting')
    expect(after.last_error).toMatch(/not the one proxdesk created/)
    expect(w.fake.state.containers.has(container.vmid)).toBe(true)
  })

  it('suspends (stop + disable the console user) and unsuspends (enable + start)', async () => {
    const w = await world()
    const container = await w.createContainer()
    const suspended = await w.admin('POST', `/api/containers/${container.id}/suspend`, undefined, 200)
    expect(suspended.state).toBe('suspended')
    expect(w.fake.state.containers.get(container.vmid)!.status).toBe('stopped')
    expect(w.fake.state.users.get(container.pve_userid)!.enable).toBe(false)
    const blocked = await w.api.request('POST', `/api/containers/${container.id}/power/start`, { token: w.api.adminToken })
    expect(blocked.status).toBe(409)
    const resumed = await w.admin('POST', `/api/containers/${container.id}/unsuspend`, undefined, 200)
    expect(resumed.state).toBe('running')
    expect(w.fake.state.containers.get(container.vmid)!.status).toBe('running')
    expect(w.fake.state.users.get(container.pve_userid)!.enable).toBe(true)
  })

  it('runs power actions and waits for their tasks', async () => {
    const w = await world()
    const container = await w.createContainer()
    const stop = await w.admin('POST', `/api/containers/${container.id}/power/stop`, undefined, 200)
    expect(stop).toMatchObject({ ok: true, exitstatus: 'OK' })
    expect(stop.upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzstop:200:root@pam!proxdesk:$/)
    expect((await w.admin('GET', `/api/containers/${container.id}`)).state).toBe('stopped')
    await w.admin('POST', `/api/containers/${container.id}/power/start`, undefined, 200)
    await w.admin('POST', `/api/containers/${container.id}/power/reboot`, undefined, 200)
    await w.admin('POST', `/api/containers/${container.id}/power/shutdown`, undefined, 200)
    expect(w.fake.state.containers.get(container.vmid)!.status).toBe('stopped')
    const bad = await w.api.request('POST', `/api/containers/${container.id}/power/hibernate`, { token: w.api.adminToken })
    expect(bad.status).toBe(400)
    expect(bad.json.error.fields).toHaveProperty('action')
    expect(w.fake.schemaViolations).toEqual([])
  })
})
