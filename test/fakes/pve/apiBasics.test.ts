import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakePve, type FakePve } from './index'
import { pveTestClient, type PveTestClient } from './pveTestClient'

describe('fake PVE: envelope, schema errors and read-only endpoints', () => {
  let fake: FakePve
  let client: PveTestClient

  beforeAll(async () => {
    fake = await startFakePve({ nodes: ['pve1', 'pve2'], taskDurationMs: 10 })
    client = pveTestClient(fake)
  })

  afterAll(async () => {
    await client.close()
    await fake.close()
  })

  it('wraps results in {data} and serves PVE 9.1 version and headers', async () => {
    const reply = await client.call('GET', '/version')
    expect(reply.status).toBe(200)
    expect(reply.json).toEqual({ data: { version: '9.1.9', release: '9.1', repoid: '5a3c7e1f8b2d4c6a' } })
    expect(reply.headers.get('server')).toBe('pve-api-daemon/3.0')
    expect(reply.headers.get('content-type')).toBe('application/json;charset=UTF-8')
  })

  it('answers an unknown path or method with 501 and records it', async () => {
    const reply = await client.call('GET', '/nodes/pve1/nonsense')
    expect([reply.status, reply.statusText]).toEqual([501, "Method 'GET /nodes/pve1/nonsense' not implemented"])
    expect(reply.json).toEqual({ data: null, message: "Method 'GET /nodes/pve1/nonsense' not implemented" })
    const wrongMethod = await client.call('PATCH', '/version')
    expect([wrongMethod.status, wrongMethod.statusText]).toEqual([501, "method 'PATCH' not available"])
    expect(fake.schemaViolations).toContainEqual({
      method: 'GET',
      path: '/nodes/pve1/nonsense',
      errors: { _path: "Method 'GET /nodes/pve1/nonsense' not implemented" },
    })
  })

  it('refuses invalid parameters with 400 "Parameter verification failed." and per-parameter errors', async () => {
    const reply = await client.call('POST', '/nodes/pve1/lxc', {
      params: { vmid: 'abc', ostemplate: 'local:vztmpl/x.tar.zst', ostype: 'windows', hostname: '-bad-', extra: 1 },
    })
    expect([reply.status, reply.statusText]).toEqual([400, 'Parameter verification failed.'])
    expect(reply.json).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: {
        vmid: "type check ('integer') failed - got 'abc'",
        ostype:
          "value 'windows' does not have a value in the enumeration 'debian, devuan, ubuntu, centos, fedora, opensuse, archlinux, alpine, gentoo, nixos, unmanaged'",
        hostname: 'invalid format - value does not look like a valid DNS name\n',
        extra: 'property is not defined in schema and the schema does not allow additional properties',
      },
    })
    expect(fake.schemaViolations.at(-1)).toMatchObject({ method: 'POST', path: '/nodes/{node}/lxc' })
  })

  it('rejects a bad property-string sub-key, a missing required one and a bad rootfs', async () => {
    const reply = await client.call('POST', '/nodes/pve1/lxc', {
      params: {
        vmid: 150,
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        net0: 'name=eth0,bogus=1',
        net1: 'bridge=vmbr0',
        rootfs: 'local-lvm:8,size=lots',
      },
    })
    expect(reply.status).toBe(400)
    expect(reply.json.errors).toEqual({
      net0: 'invalid format - invalid key in comma-separated list property: bogus\n',
      net1: 'invalid format - format error\nnet1.name: property is missing and it is not optional\n',
      rootfs: 'invalid format - format error\nrootfs.size: invalid format - value does not look like a valid disk size: lots\n\n',
    })
  })

  it('validates JSON bodies and query parameters merged into them', async () => {
    const reply = await client.call('PUT', '/access/acl?propagate=maybe', { json: { path: '/vms/100', roles: 'PVEVMUser', users: 'root@pam' } })
    expect(reply.json.errors).toEqual({ propagate: "type check ('boolean') failed - got 'maybe'" })
    const conflicting = await client.call('POST', '/nodes/pve1/lxc/105/status/start', { params: { vmid: 106 } })
    expect(conflicting.json.errors).toEqual({ vmid: 'duplicate parameter (already defined in URI) with conflicting values!' })
  })

  it('validates schema methods it does not implement, then answers 501', async () => {
    const invalid = await client.call('POST', '/nodes/pve1/qemu', { params: { vmid: 100, cores: 0 } })
    expect(invalid.json.errors).toEqual({ cores: 'value must have a minimum value of 1' })
    const valid = await client.call('GET', '/cluster/ha/resources')
    expect([valid.status, valid.json.message]).toEqual([501, 'not implemented in fake\n'])
  })

  it('refuses chunked request bodies like pveproxy', async () => {
    const reply = await client.call('POST', '/access/roles', { params: { roleid: 'X' }, chunked: true })
    expect([reply.status, reply.statusText]).toEqual([501, 'chunked transfer encoding not supported'])
  })

  it('lists nodes with their certificate fingerprint, and names unknown nodes like a failed lookup', async () => {
    const nodes = await client.call('GET', '/nodes')
    expect(nodes.json.data.map((entry: { node: string }) => entry.node)).toEqual(['pve1', 'pve2'])
    expect(nodes.json.data[0]).toMatchObject({ status: 'online', ssl_fingerprint: fake.fingerprint, maxcpu: 8 })
    const status = await client.call('GET', '/nodes/pve2/status')
    expect(status.json.data).toMatchObject({ pveversion: 'pve-manager/9.1.9/5a3c7e1f8b2d4c6a', cpuinfo: { cpus: 8 } })
    const unknown = await client.call('GET', '/nodes/pve9/lxc')
    expect([unknown.status, unknown.statusText]).toEqual([
      500,
      "hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known",
    ])
  })

  it('hands out the next free VMID as a string and refuses a taken one', async () => {
    expect((await client.call('GET', '/cluster/nextid')).json).toEqual({ data: '100' })
    fake.state.containers.set(100, {
      vmid: 100,
      node: 'pve2',
      status: 'stopped',
      config: { hostname: 'seeded', memory: 512, rootfs: 'local-lvm:vm-100-disk-0,size=8G' },
      snapshots: new Map(),
      createdAt: Date.now(),
    })
    expect((await client.call('GET', '/cluster/nextid')).json).toEqual({ data: '101' })
    expect((await client.call('GET', '/cluster/nextid', { params: { vmid: 250 } })).json).toEqual({ data: '250' })
    const taken = await client.call('GET', '/cluster/nextid', { params: { vmid: 100 } })
    expect(taken.status).toBe(400)
    expect(taken.json.errors).toEqual({ vmid: 'VM 100 already exists' })
  })

  it('filters /cluster/resources by type', async () => {
    const vms = await client.call('GET', '/cluster/resources', { params: { type: 'vm' } })
    expect(vms.json.data).toEqual([
      expect.objectContaining({ id: 'lxc/100', type: 'lxc', node: 'pve2', vmid: 100, name: 'seeded', status: 'stopped', maxdisk: 8 * 1024 ** 3, template: 0 }),
    ])
    const all = await client.call('GET', '/cluster/resources')
    expect(new Set(all.json.data.map((entry: { type: string }) => entry.type))).toEqual(new Set(['lxc', 'node', 'storage', 'sdn']))
  })

  it('lists storages and the seeded templates', async () => {
    const storages = await client.call('GET', '/nodes/pve1/storage', { params: { content: 'rootdir' } })
    expect(storages.json.data).toEqual([expect.objectContaining({ storage: 'local-lvm', type: 'lvmthin', content: 'rootdir,images', active: 1 })])
    const templates = await client.call('GET', '/nodes/pve1/storage/local/content', { params: { content: 'vztmpl' } })
    expect(templates.json.data.map((volume: { volid: string }) => volume.volid)).toEqual([
      'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
    ])
    expect(templates.json.data[0]).toMatchObject({ content: 'vztmpl', format: 'tzst', size: 126_222_684 })
  })

  it('compresses large responses with gzip when asked to', async () => {
    const reply = await client.call('GET', '/access/roles', { headers: { 'accept-encoding': 'gzip' } })
    expect(reply.headers.get('content-encoding')).toBe('gzip')
    expect(reply.json.data).toContainEqual(
      expect.objectContaining({ roleid: 'PVEVMUser', special: 1, privs: expect.stringContaining('VM.GuestAgent.FileRead') }),
    )
  })

  it('checks every format it met in those requests', () => {
    expect(fake.unknownFormats).toEqual([])
  })
})
