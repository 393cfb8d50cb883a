// Read-only views of a container straight from PVE, reshaped for the UI (units named, property strings parsed).
import type { z } from 'zod'
import { AppError } from '@shared/errors'
import type { containerConfig, liveStatus, rrdOutput, snapshotView, taskLogOutput, taskView, clusterGuest } from '@shared/domain/containers'
import type { Database } from '../db/database'
import type { ConnectionService } from '../pve/connectionService'
import { parseNet, parseRootfs } from '../pve/propertyStrings'
import type { WaitForTaskOptions } from '../pve/tasks'
import type { ContainerRow } from './containerView'

type RrdSeries = z.infer<typeof rrdOutput>
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0)) || 0

export class ContainerReads {
  constructor(
    private readonly db: Database,
    private readonly connections: ConnectionService,
    private readonly requireRow: (id: number) => ContainerRow,
    private readonly wait: WaitForTaskOptions = {},
  ) {}

  /** The container's PVE coordinates; only containers that exist on PVE can be read. */
  private target(id: number) {
    const row = this.requireRow(id)
    if (row.vmid === null || row.state === 'deleted' || row.state === 'failed' || row.state === 'creating') {
      throw new AppError('CONFLICT', `the container is ${row.state}`, { fields: { id: row.state } })
    }
    return { client: this.connections.client(row.connection_id), pveNode: row.pve_node, vmid: row.vmid, state: row.state }
  }

  async status(id: number): Promise<z.infer<typeof liveStatus>> {
    const { client, pveNode, vmid } = this.target(id)
    const s = await client.lxcStatus(pveNode, vmid)
    return {
      status: s.status,
      uptime_seconds: num(s.uptime),
      cpu_fraction: num(s.cpu),
      cpus: num(s.cpus),
      memory_bytes: num(s.mem),
      memory_max_bytes: num(s.maxmem),
      swap_max_bytes: num(s.maxswap),
      disk_bytes: num(s.disk),
      disk_max_bytes: num(s.maxdisk),
      net_in_bytes: num(s.netin),
      net_out_bytes: num(s.netout),
      disk_read_bytes: num(s.diskread),
      disk_write_bytes: num(s.diskwrite),
    }
  }

  async config(id: number): Promise<z.infer<typeof containerConfig>> {
    const { client, pveNode, vmid } = this.target(id)
    const config = (await client.lxcConfig(pveNode, vmid)) as Record<string, unknown>
    const networks = Object.keys(config)
      .filter((key) => /^net\d+$/.test(key))
      .sort()
      .map((key) => {
        const net = parseNet(String(config[key]))
        const [ip, prefix] = net.ip && net.ip.includes('/') ? net.ip.split('/') : [net.ip ?? null, null]
        return {
          name: key,
          interface: net.name,
          bridge: net.bridge ?? null,
          ip: ip ?? null,
          prefix_length: prefix === null || prefix === undefined ? null : Number(prefix),
          gateway: net.gw ?? null,
          rate_mbps: net.rate ?? null,
          hwaddr: net.hwaddr ?? null,
        }
      })
    const disks = Object.keys(config)
      .filter((key) => key === 'rootfs' || /^mp\d+$/.test(key))
      .sort()
      .map((key) => {
        const disk = parseRootfs(String(config[key]))
        return { name: key, storage: disk.storage, volume: disk.volume, size_bytes: disk.sizeBytes }
      })
    const nameserver = typeof config.nameserver === 'string' ? config.nameserver.split(/[\s,;]+/).filter(Boolean) : []
    return {
      hostname: typeof config.hostname === 'string' ? config.hostname : null,
      cores: config.cores === undefined ? null : num(config.cores),
      memory_mb: config.memory === undefined ? null : num(config.memory),
      swap_mb: config.swap === undefined ? null : num(config.swap),
      nameservers: nameserver,
      networks,
      disks,
      digest: typeof config.digest === 'string' ? config.digest : null,
    }
  }

  async snapshots(id: number): Promise<Array<z.infer<typeof snapshotView>>> {
    const { client, pveNode, vmid } = this.target(id)
    return (await client.listSnapshots(pveNode, vmid))
      .filter((snapshot) => snapshot.name !== 'current')
      .map((snapshot) => ({
        name: snapshot.name,
        description: snapshot.description ?? '',
        snaptime: snapshot.snaptime === undefined ? null : num(snapshot.snaptime),
        parent: snapshot.parent ?? null,
      }))
      .sort((a, b) => (a.snaptime ?? 0) - (b.snaptime ?? 0))
  }

  async snapshotAction(id: number, action: 'create' | 'rollback' | 'delete', name: string, description = ''): Promise<{ upid: string; ok: boolean; exitstatus: string }> {
    const { client, pveNode, vmid, state } = this.target(id)
    // A rollback stops the CT; a running one is started again, so the state we hold stays true.
    const upid =
      action === 'create'
        ? await client.createSnapshot(pveNode, vmid, name, description)
        : action === 'rollback'
          ? await client.rollbackSnapshot(pveNode, vmid, name, { start: state === 'running' })
          : await client.deleteSnapshot(pveNode, vmid, name)
    const result = await client.waitForTask(upid, this.wait)
    return { upid, ok: result.ok, exitstatus: result.exitstatus }
  }

  async tasks(id: number): Promise<Array<z.infer<typeof taskView>>> {
    const { client, pveNode, vmid } = this.target(id)
    const tasks = await client.listTasks(pveNode, { vmid, limit: 100, source: 'all' })
    return tasks.map((task) => ({
      upid: task.upid,
      type: task.type,
      status: task.status ?? null,
      user: task.user,
      starttime: num(task.starttime),
      endtime: task.endtime === undefined ? null : num(task.endtime),
    }))
  }

  async taskLog(id: number, upid: string, start: number, limit: number): Promise<z.infer<typeof taskLogOutput>> {
    const { client, vmid } = this.target(id)
    // Only this container's tasks: the UPID's id field must be its VMID.
    if (upid.split(':')[6] !== String(vmid)) throw new AppError('NOT_FOUND', 'no such task for this container', { fields: { upid: 'not a task of this container' } })
    const page = await client.taskLog(upid, start, limit)
    return { lines: page.lines, total: page.total }
  }

  async rrd(id: number, timeframe: 'hour' | 'day' | 'week' | 'month' | 'year', cf: 'AVERAGE' | 'MAX'): Promise<RrdSeries> {
    const { client, pveNode, vmid } = this.target(id)
    const rows = (await client.rrddata(pveNode, vmid, timeframe, cf)) as Array<Record<string, unknown>>
    const pick = (field: string, scale = 1): Array<[number, number]> =>
      rows.filter((row) => row[field] !== undefined && row[field] !== null).map((row) => [num(row.time), num(row[field]) * scale])
    return {
      cpu_percent: pick('cpu', 100),
      memory_bytes: pick('mem'),
      memory_max_bytes: pick('maxmem'),
      disk_read_bytes_per_second: pick('diskread'),
      disk_write_bytes_per_second: pick('diskwrite'),
      net_in_bytes_per_second: pick('netin'),
      net_out_bytes_per_second: pick('netout'),
    }
  }

  /** One /cluster/resources call for the whole overview, matched to our rows by VMID. */
  async clusterOverview(connectionId: number): Promise<Array<z.infer<typeof clusterGuest>>> {
    const client = this.connections.client(connectionId)
    const guests = await client.clusterResources('vm')
    const ours = new Map(
      this.db
        .all(this.db.qb.selectFrom('containers').select(['id', 'vmid']).where('connection_id', '=', connectionId).where('state', 'not in', ['deleted', 'failed']))
        .map((row) => [row.vmid, row.id]),
    )
    return guests.map((guest) => ({
      vmid: num(guest.vmid),
      name: guest.name ?? null,
      pve_node: guest.node,
      type: guest.type,
      status: guest.status ?? 'unknown',
      cpu_fraction: num(guest.cpu),
      memory_bytes: num(guest.mem),
      memory_max_bytes: num(guest.maxmem),
      uptime_seconds: num(guest.uptime),
      container_id: ours.get(num(guest.vmid)) ?? null,
    }))
  }
}

