import { describe, expect, it } from 'vitest'
import { formatUpid } from '../../src-main/core/pve/upid'
import { useFakePve } from './useFakePve'

const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'

describe('tasks', () => {
  const pve = useFakePve({ nodes: ['pve1', 'pve2'], taskDurationMs: 50 })

  /** A finished task as PVE keeps it, with the given log and exit status. */
  function seedTask(exitstatus: string, log: string[]): string {
    const starttime = Math.floor(Date.now() / 1000)
    const upid = formatUpid({ pveNode: 'pve2', pid: 0x1234 + pve.fake().state.tasks.size, pstart: 0x999, starttime, type: 'vzdump', id: '105', user: 'root@pam' })
    pve.fake().state.tasks.set(upid, { upid, node: 'pve2', pid: 0x1234, pstart: 0x999, starttime, type: 'vzdump', id: '105', authid: 'root@pam', status: 'stopped', exitstatus, endtime: starttime, log })
    return upid
  }

  it('waits until a task stops and reports OK', async () => {
    const client = pve.client()
    const vmid = await client.nextId()
    const upid = await client.createLxc('pve1', { vmid, ostemplate: TEMPLATE, rootfs: { storage: 'local-lvm', sizeGiB: 1 } })
    expect(await client.taskStatus(upid)).toMatchObject({ status: 'running' })
    expect(await client.waitForTask(upid, { intervalMs: 10 })).toEqual({ ok: true, exitstatus: 'OK', warnings: 0 })
  })

  it('counts WARNINGS: n as success and polls the node named in the UPID', async () => {
    const upid = seedTask('WARNINGS: 2', ['starting', 'WARN: something odd', 'WARN: again', 'TASK WARNINGS: 2'])
    expect(await pve.client().waitForTask(upid)).toEqual({ ok: true, exitstatus: 'WARNINGS: 2', warnings: 2 })
  })

  it('reports the error text of a failed task', async () => {
    const client = pve.client()
    const vmid = await client.nextId()
    await client.waitForTask(await client.createLxc('pve1', { vmid, ostemplate: TEMPLATE, rootfs: { storage: 'local-lvm', sizeGiB: 1 } }), { intervalMs: 10 })
    pve.fake().faults.set({ match: { pathPrefix: `/nodes/pve1/lxc/${vmid}/status/start` }, kind: 'task-fail', message: `startup for container '${vmid}' failed`, times: 1 })
    expect(await client.waitForTask(await client.startLxc('pve1', vmid), { intervalMs: 10 })).toEqual({ ok: false, exitstatus: `startup for container '${vmid}' failed`, warnings: 0 })
  })

  it('stops waiting after its timeout, or when aborted', async () => {
    const client = pve.client()
    const vmid = await client.nextId()
    const upid = await client.createLxc('pve1', { vmid, ostemplate: TEMPLATE, rootfs: { storage: 'local-lvm', sizeGiB: 1 } })
    await expect(client.waitForTask(upid, { intervalMs: 10, timeoutMs: 15 })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining(`vzcreate ${vmid} on pve1`) })
    const controller = new AbortController()
    const waiting = client.waitForTask(upid, { intervalMs: 1_000 })
    const aborted = client.waitForTask(upid, { intervalMs: 1_000, signal: controller.signal })
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    expect((await waiting).ok).toBe(true)
  })

  it('reads the log page by page with the total', async () => {
    const log = ['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'TASK OK']
    const upid = seedTask('OK', log)
    const client = pve.client()
    const pages = [await client.taskLog(upid, 0, 3), await client.taskLog(upid, 3, 3), await client.taskLog(upid, 6, 3)]
    expect(pages.map((page) => page.total)).toEqual([7, 7, 7])
    expect(pages.flatMap((page) => page.lines)).toEqual(log.map((t, i) => ({ n: i + 1, t })))
  })

  it('refuses a malformed UPID before asking PVE', async () => {
    await expect(pve.client().taskLog('UPID:pve1:bad')).rejects.toMatchObject({ code: 'VALIDATION', fields: { upid: expect.any(String) } })
  })
})
