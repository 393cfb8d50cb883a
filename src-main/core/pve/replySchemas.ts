// Readers for PVE replies (see lenient.ts). Unknown fields pass through: PVE adds fields between releases.
import { z } from 'zod'
import { bool, num, opt, str } from './lenient'
import type {
  AclEntry,
  ClusterResource,
  GuestResource,
  LxcConfig,
  LxcSnapshot,
  LxcStatus,
  LxcSummary,
  PveNodeStatus,
  PveNodeSummary,
  PveRole,
  PveUser,
  PveVersion,
  RrdRow,
  StorageSummary,
  StorageVolume,
  TaskLogLine,
  TaskStatus,
  TaskSummary,
  TermProxyTicket,
  VncProxyTicket,
} from './types'

const optNum = opt(num)
const optStr = opt(str)
const optBool = opt(bool)
/** PVE lists such as privs or groups: comma separated strings, or arrays in some replies. */
const list = z.preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value ?? []), z.array(str))

export const versionReply: z.ZodType<PveVersion> = z.looseObject({ version: str, release: str, repoid: str, console: optStr })

export const nodesReply: z.ZodType<PveNodeSummary[]> = z.array(
  z.looseObject({
    node: str,
    status: z.enum(['online', 'offline', 'unknown']),
    cpu: optNum,
    maxcpu: optNum,
    mem: optNum,
    maxmem: optNum,
    uptime: optNum,
    level: optStr,
    ssl_fingerprint: optStr,
  }),
)

export const nodeStatusReply: z.ZodType<PveNodeStatus> = z.looseObject({
  cpu: num,
  uptime: num,
  pveversion: str,
  loadavg: z.array(num),
  memory: z.looseObject({ total: num, used: num, free: num, available: optNum }),
  rootfs: z.looseObject({ total: num, used: num, free: num, avail: num }),
  cpuinfo: opt(z.looseObject({ cores: optNum, cpus: optNum, model: optStr, sockets: optNum })),
  'current-kernel': opt(z.looseObject({ sysname: optStr, release: optStr, version: optStr, machine: optStr })),
})

const resourceFields = {
  id: str,
  type: str,
  node: optStr,
  status: optStr,
  vmid: optNum,
  name: optStr,
  cpu: optNum,
  maxcpu: optNum,
  mem: optNum,
  maxmem: optNum,
  disk: optNum,
  maxdisk: optNum,
  uptime: optNum,
  netin: optNum,
  netout: optNum,
  diskread: optNum,
  diskwrite: optNum,
  template: optBool,
  tags: optStr,
  lock: optStr,
  pool: optStr,
  hastate: optStr,
  storage: optStr,
  content: optStr,
  plugintype: optStr,
  shared: optBool,
}

export const clusterResourcesReply: z.ZodType<ClusterResource[]> = z.array(z.looseObject(resourceFields))

export const guestResourcesReply: z.ZodType<GuestResource[]> = z.array(
  z.looseObject({ ...resourceFields, type: z.enum(['lxc', 'qemu']), node: str, vmid: num, status: str }),
)

const lxcSummaryFields = {
  vmid: num,
  status: z.enum(['running', 'stopped']),
  name: optStr,
  cpu: optNum,
  cpus: optNum,
  mem: optNum,
  maxmem: optNum,
  maxswap: optNum,
  disk: optNum,
  maxdisk: optNum,
  netin: optNum,
  netout: optNum,
  diskread: optNum,
  diskwrite: optNum,
  uptime: optNum,
  lock: optStr,
  tags: optStr,
  template: optBool,
}

export const lxcListReply: z.ZodType<LxcSummary[]> = z.array(z.looseObject(lxcSummaryFields))

export const lxcStatusReply: z.ZodType<LxcStatus> = z.looseObject({ ...lxcSummaryFields, ha: opt(z.record(z.string(), z.unknown())) })

export const lxcConfigReply: z.ZodType<LxcConfig> = z.looseObject({
  digest: str,
  hostname: optStr,
  description: optStr,
  arch: optStr,
  ostype: optStr,
  cores: optNum,
  cpulimit: optNum,
  cpuunits: optNum,
  memory: optNum,
  swap: optNum,
  rootfs: optStr,
  features: optStr,
  nameserver: optStr,
  searchdomain: optStr,
  onboot: optBool,
  protection: optBool,
  unprivileged: optBool,
  template: optBool,
  tags: optStr,
  lock: optStr,
}) as z.ZodType<LxcConfig>

export const snapshotsReply: z.ZodType<LxcSnapshot[]> = z.array(z.looseObject({ name: str, description: optStr, snaptime: optNum, parent: optStr }))

export const rrdReply: z.ZodType<RrdRow[]> = z.array(z.record(z.string(), opt(num))).transform((rows, ctx) =>
  rows.map((row) => {
    if (row.time === undefined) ctx.addIssue({ code: 'custom', message: 'a row without time' })
    return row as RrdRow
  }),
)

const taskFields = { upid: str, node: str, pid: num, pstart: num, starttime: num, type: str, id: str, user: str }

export const tasksReply: z.ZodType<TaskSummary[]> = z.array(z.looseObject({ ...taskFields, status: optStr, endtime: optNum }))

export const taskStatusReply: z.ZodType<TaskStatus> = z.looseObject({ ...taskFields, status: z.enum(['running', 'stopped']), exitstatus: optStr })

export const taskLogReply: z.ZodType<TaskLogLine[]> = z.array(z.looseObject({ n: num, t: str }))

export const vncProxyReply: z.ZodType<VncProxyTicket> = z.looseObject({ user: str, ticket: str, port: num, upid: str, cert: str, password: optStr })

export const termProxyReply: z.ZodType<TermProxyTicket> = z.looseObject({ user: str, ticket: str, port: num, upid: str })

export const storagesReply: z.ZodType<StorageSummary[]> = z.array(
  z.looseObject({
    storage: str,
    type: str,
    content: str,
    active: optBool,
    enabled: optBool,
    shared: optBool,
    total: optNum,
    used: optNum,
    avail: optNum,
    used_fraction: optNum,
  }),
)

export const storageContentReply: z.ZodType<StorageVolume[]> = z.array(
  z.looseObject({
    volid: str,
    format: str,
    size: num,
    content: optStr,
    ctime: optNum,
    vmid: optNum,
    notes: optStr,
    used: optNum,
    parent: optStr,
    protected: optBool,
  }),
)

/** GET /access/users/{userid} does not repeat the user id; the client adds it. */
export const userReply: z.ZodType<Omit<PveUser, 'userid'>> = z.looseObject({
  enable: optBool,
  expire: optNum,
  firstname: optStr,
  lastname: optStr,
  email: optStr,
  comment: optStr,
  groups: opt(list),
})

export const aclReply: z.ZodType<AclEntry[]> = z.array(
  z.looseObject({ path: str, roleid: str, type: z.enum(['user', 'group', 'token']), ugid: str, propagate: optBool }),
)

export const rolesReply: z.ZodType<PveRole[]> = z.array(z.looseObject({ roleid: str, privs: list, special: optBool }))

export const upidReply = str

export const nextIdReply = num
