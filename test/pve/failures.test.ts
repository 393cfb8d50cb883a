import { describe, expect, it } from 'vitest'
import { captureLogs } from './captureLogs'
import { useFakePve } from './useFakePve'

const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'

describe('PVE failures become our errors', () => {
  const pve = useFakePve({ nodes: ['pve1'], taskDurationMs: 10 })

  const attempts = (logs: ReturnType<typeof captureLogs>, path: string) =>
    logs.lines().filter((line) => line.path === path && (line.msg === 'pve call' || line.msg === 'pve call failed')).length

  it('turns PVE parameter errors into field errors', async () => {
    const client = pve.client()
    const vmid = await client.nextId()
    await client.waitForTask(await client.createLxc('pve1', { vmid, ostemplate: TEMPLATE, rootfs: { storage: 'local-lvm', sizeGiB: 1 } }), { intervalMs: 10 })
    await expect(client.nextId(vmid)).rejects.toMatchObject({ code: 'VALIDATION', fields: { 'pve.vmid': expect.any(String) }, message: expect.stringMatching(/^PVE rejected GET \/cluster\/nextid/) })
    await expect(client.createLxc('pve1', { vmid: vmid + 1, ostemplate: TEMPLATE, memory: 8 })).rejects.toMatchObject({ code: 'VALIDATION', fields: { 'pve.memory': expect.any(String) } })
  })

  it('carries the message of a 500', async () => {
    pve.fake().faults.set({ match: { pathPrefix: '/nodes/pve1/status' }, kind: 'status', status: 500, message: 'command failed: pvesh broke', times: 1 })
    await expect(pve.client().nodeStatus('pve1')).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: 'PVE GET /nodes/pve1/status failed: 500 command failed: pvesh broke' })
  })

  it('retries a read after 596 up to three tries, then reports the cluster node unreachable', async () => {
    const logs = captureLogs()
    const client = pve.client({}, { logger: logs.logger })
    pve.fake().faults.set({ match: { pathPrefix: '/nodes/pve1/lxc' }, kind: 'status', status: 596, times: 2 })
    expect(await client.listLxc('pve1')).toEqual(expect.any(Array))
    expect(attempts(logs, '/nodes/pve1/lxc')).toBe(3)
    pve.fake().faults.set({ match: { pathPrefix: '/nodes/pve1/storage' }, kind: 'status', status: 596 })
    await expect(client.storages('pve1')).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('596 Connection timed out') })
    expect(attempts(logs, '/nodes/pve1/storage')).toBe(3)
  })

  it('retries a read after a connection reset and succeeds', async () => {
    const logs = captureLogs()
    pve.fake().faults.set({ match: { method: 'GET', pathPrefix: '/version' }, kind: 'reset', times: 1 })
    expect((await pve.client({}, { logger: logs.logger }).version()).release).toBeTruthy()
    expect(attempts(logs, '/version')).toBe(2)
  })

  // The fake resets before its handler runs, so a second POST would be the only way to create the container.
  it('never repeats a write after a reset, and says its outcome is unknown', async () => {
    const logs = captureLogs()
    const client = pve.client({}, { logger: logs.logger })
    const vmid = await client.nextId()
    pve.fake().faults.set({ match: { method: 'POST', pathPrefix: '/nodes/pve1/lxc' }, kind: 'reset', times: 1 })
    await expect(client.createLxc('pve1', { vmid, ostemplate: TEMPLATE, rootfs: { storage: 'local-lvm', sizeGiB: 1 } })).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      message: expect.stringContaining('may or may not have been made'),
    })
    expect(attempts(logs, '/nodes/pve1/lxc')).toBe(1)
    expect(pve.fake().state.containers.has(vmid)).toBe(false)
  })

  it('gives up on a hanging PVE within the configured timeout', async () => {
    pve.fake().faults.set({ match: { pathPrefix: '/cluster/resources' }, kind: 'hang' })
    const started = Date.now()
    await expect(pve.client({ timeoutMs: 400 }).clusterResources()).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining('400 ms') })
    expect(Date.now() - started).toBeGreaterThanOrEqual(390)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('reports invalid JSON as UPSTREAM_ERROR', async () => {
    pve.fake().faults.set({ match: { pathPrefix: '/access/roles' }, kind: 'invalid-json', times: 1 })
    await expect(pve.client().listRoles()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: 'PVE answered GET /access/roles with invalid JSON' })
  })

  it('reports an unreachable PVE as UPSTREAM_UNREACHABLE', async () => {
    await expect(pve.client({ baseUrl: 'https://127.0.0.1:1', fingerprint: null }).version()).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') })
  })
})
