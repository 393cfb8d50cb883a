// Every client method against the fake PVE, which checks each request against the real PVE 9.1 schema:
// no recorded violation means the client's parameter names, types and property strings are what PVE accepts.
import { describe, expect, it } from 'vitest'
import type { PveClient } from '../../src-main/core/pve/pveClient'
import { useFakePve } from './useFakePve'

const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'

async function done(client: PveClient, upid: Promise<string>): Promise<void> {
  expect(await client.waitForTask(await upid, { intervalMs: 10 })).toMatchObject({ ok: true })
}

describe('client requests conform to the PVE 9.1 schema', () => {
  const pve = useFakePve({ nodes: ['pve1', 'pve2'], taskDurationMs: 20 })

  it('every method, called with every option it offers', async () => {
    const client = pve.client()
    const node = 'pve1'

    expect((await client.version()).release).toMatch(/^\d+\.\d+$/)
    expect((await client.nodes()).map((n) => n.node).sort()).toEqual(['pve1', 'pve2'])
    expect(await client.nodeStatus(node)).toMatchObject({ pveversion: expect.any(String), memory: { total: expect.any(Number) } })
    await client.clusterResources()
    await client.clusterResources('node')
    const vmid = await client.nextId()
    expect(await client.nextId(vmid)).toBe(vmid)
    expect((await client.storages(node, { content: ['rootdir'], enabled: true })).map((s) => s.storage)).toContain('local-lvm')
    await client.storages(node, { storage: 'local', target: 'pve2', content: 'vztmpl' })
    expect((await client.storageContent(node, 'local', 'vztmpl')).map((v) => v.volid)).toContain(TEMPLATE)

    await done(
      client,
      client.createLxc(node, {
        vmid,
        ostemplate: TEMPLATE,
        hostname: 'ct-conformance',
        password: 'root-secret-1',
        'ssh-public-keys': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG3pSLGSXtjTYkWkTGQ3KF6C3e3rS6uxzqyfVb4ZTXtg admin@example',
        cores: 2,
        cpulimit: 1.5,
        cpuunits: 100,
        memory: 1024,
        swap: 512,
        rootfs: { storage: 'local-lvm', sizeGiB: 8, mountoptions: ['noatime'] },
        storage: 'local-lvm',
        net0: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.5/24', gw: '10.0.0.1', rate: 10, firewall: true },
        net1: { name: 'eth1', bridge: 'vmbr0', ip: 'dhcp', ip6: 'auto', tag: 20, mtu: 1450 },
        nameserver: ['1.1.1.1', '8.8.8.8'],
        searchdomain: 'example.com',
        features: { nesting: true },
        unprivileged: true,
        onboot: true,
        protection: false,
        tags: ['proxdesk', 'conformance'],
        description: 'proxdesk container 1',
        ostype: 'debian',
        arch: 'amd64',
        cmode: 'tty',
        console: true,
        tty: 2,
        timezone: 'Europe/Berlin',
        startup: 'order=2',
        start: false,
      }),
    )
    expect((await client.listLxc(node)).map((ct) => ct.vmid)).toContain(vmid)
    expect((await client.clusterResources('vm')).find((guest) => guest.vmid === vmid)).toMatchObject({ type: 'lxc', node })
    const config = await client.lxcConfig(node, vmid)
    expect(config).toMatchObject({ hostname: 'ct-conformance', memory: 1024 })
    await client.lxcConfig(node, vmid, { current: true })
    await client.updateLxcConfig(node, vmid, { memory: 2048, net1: 'name=eth1,bridge=vmbr0,ip=dhcp', delete: ['searchdomain'], digest: config.digest })
    await client.updateLxcConfig(node, vmid, { revert: 'cores' })
    expect(await client.lxcStatus(node, vmid)).toMatchObject({ status: 'stopped', vmid })

    await done(client, client.startLxc(node, vmid, { skiplock: false }))
    await done(client, client.suspendLxc(node, vmid))
    await done(client, client.resumeLxc(node, vmid))
    await done(client, client.rebootLxc(node, vmid, { timeout: 30 }))
    await done(client, client.shutdownLxc(node, vmid, { timeout: 30, forceStop: true }))
    await done(client, client.startLxc(node, vmid))
    await done(client, client.stopLxc(node, vmid, { overruleShutdown: true }))

    await done(client, client.createSnapshot(node, vmid, 'before-upgrade', 'a snapshot'))
    await done(client, client.createSnapshot(node, vmid, 'plain'))
    expect((await client.listSnapshots(node, vmid)).map((s) => s.name).sort()).toEqual(['before-upgrade', 'current', 'plain'])
    await done(client, client.rollbackSnapshot(node, vmid, 'before-upgrade', { start: false }))
    await done(client, client.deleteSnapshot(node, vmid, 'plain', { force: true }))
    await done(client, client.deleteSnapshot(node, vmid, 'before-upgrade'))

    for (const timeframe of ['hour', 'day'] as const) await client.rrddata(node, vmid, timeframe, 'MAX')
    await client.rrddata(node, vmid, 'week')

    const tasks = await client.listTasks(node, { vmid, source: 'all', statusfilter: ['ok', 'warning'], typefilter: 'vzstart', userfilter: 'root@pam', errors: false, since: 0, until: 4_000_000_000, start: 0, limit: 10 })
    expect(tasks.length).toBeGreaterThan(0)
    expect(await client.taskStatus(tasks[0]!.upid)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
    expect((await client.taskLog(tasks[0]!.upid, 0, 10)).lines.at(-1)).toEqual(expect.objectContaining({ t: 'TASK OK' }))

    expect(await client.vncproxy(node, vmid, { websocket: true, width: 800, height: 600 })).toMatchObject({ port: expect.any(Number), ticket: expect.any(String) })
    await client.vncproxy(node, vmid, { websocket: false })
    expect(await client.termproxy(node, vmid)).toMatchObject({ port: expect.any(Number), user: 'root@pam!proxdesk' })

    await client.createRole({ roleid: 'ProxdeskConsole', privs: ['VM.Console', 'VM.Audit'] })
    await client.createRole({ roleid: 'ProxdeskEmpty' })
    expect((await client.listRoles()).find((role) => role.roleid === 'ProxdeskConsole')?.privs.sort()).toEqual(['VM.Audit', 'VM.Console'])
    await client.createUser({ userid: 'ct1@pve', password: 'console-pass-1', email: 'ct1@example.com', firstname: 'C', lastname: 'T', comment: 'proxdesk container 1', expire: 0, enable: true })
    await client.updateUser('ct1@pve', { enable: false, comment: 'suspended', expire: 4_000_000_000, email: 'x@example.com', firstname: 'D', lastname: 'U' })
    expect(await client.getUser('ct1@pve')).toMatchObject({ userid: 'ct1@pve', enable: false, comment: 'suspended' })
    await client.setAcl({ path: `/vms/${vmid}`, roles: 'ProxdeskConsole', users: 'ct1@pve', propagate: false })
    await client.setAcl({ path: `/vms/${vmid}`, roles: ['PVEAuditor'], tokens: ['root@pam!proxdesk'] })
    expect((await client.listAcl()).filter((entry) => entry.path === `/vms/${vmid}`)).toHaveLength(2)
    await client.setAcl({ path: `/vms/${vmid}`, roles: 'ProxdeskConsole', users: 'ct1@pve', delete: true })
    await client.deleteUser('ct1@pve')

    const longTask = await client.startLxc(node, vmid)
    await client.stopTask(longTask)
    await client.waitForTask(longTask, { intervalMs: 10 })

    await done(client, client.deleteLxc(node, vmid, { purge: true, destroyUnreferencedDisks: true, force: true }))

    const ticket = await pve.ticketClient().login()
    expect(ticket).toMatchObject({ username: 'root@pam', ticket: expect.stringMatching(/^PVE:root@pam:/), csrfPreventionToken: expect.any(String) })

    expect(pve.fake().schemaViolations).toEqual([])
    expect(pve.fake().unknownFormats).toEqual([])
  })
})
