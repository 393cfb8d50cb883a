// What the PVE client takes and returns. Parameter objects use PVE's own parameter names (so they can be checked
// against the API schema one to one); property-string and list parameters also accept structured values that
// the client formats. Replies keep PVE's field names; numbers and booleans are normalised on the way in.
import type { FeatureFlags, NetConfig, NewRootfs, ExistingRootfs } from './propertyStrings'

/** A comma/space separated PVE list, given as a ready string or as items. */
export type PveList = string | string[]

// ---- parameters ----

export type LxcArch = 'amd64' | 'i386' | 'arm64' | 'armhf' | 'riscv32' | 'riscv64'
export type LxcOsType = 'debian' | 'devuan' | 'ubuntu' | 'centos' | 'fedora' | 'opensuse' | 'archlinux' | 'alpine' | 'gentoo' | 'nixos' | 'unmanaged'

/** Settings shared by create and config update. */
export interface LxcSettings {
  hostname?: string
  description?: string
  cores?: number
  /** 0 = unlimited. */
  cpulimit?: number
  cpuunits?: number
  /** MiB. */
  memory?: number
  /** MiB. */
  swap?: number
  rootfs?: string | NewRootfs | ExistingRootfs
  features?: string | FeatureFlags
  /** DNS servers; the host's settings apply when both this and searchdomain are left out. */
  nameserver?: PveList
  searchdomain?: PveList
  onboot?: boolean
  protection?: boolean
  tags?: PveList
  arch?: LxcArch
  ostype?: LxcOsType
  cmode?: 'shell' | 'console' | 'tty'
  console?: boolean
  tty?: number
  timezone?: string
  startup?: string
  [key: `net${number}`]: string | NetConfig | undefined
  [key: `mp${number}`]: string | undefined
}

export interface CreateLxcParams extends LxcSettings {
  vmid: number
  /** e.g. local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst */
  ostemplate: string
  /** Root password inside the container, at least 5 characters. */
  password?: string
  'ssh-public-keys'?: string
  /** Default storage for new volumes. */
  storage?: string
  pool?: string
  /** PVE creates unprivileged containers unless told otherwise. */
  unprivileged?: boolean
  start?: boolean
}

export interface UpdateLxcConfigParams extends LxcSettings {
  /** Setting names to remove. */
  delete?: PveList
  /** Pending changes to drop. */
  revert?: PveList
  /** From lxcConfig(): refuses the update if the config changed meanwhile. */
  digest?: string
}

export interface DeleteLxcOptions {
  /** Also remove the container from backup, replication and HA jobs. */
  purge?: boolean
  destroyUnreferencedDisks?: boolean
  /** Destroy even while running. */
  force?: boolean
}

export interface LxcConfigQuery {
  /** Ignore pending changes. */
  current?: boolean
  snapshot?: string
}

export type RrdTimeframe = 'hour' | 'day' | 'week' | 'month' | 'year'
export type RrdConsolidation = 'AVERAGE' | 'MAX'
export type ClusterResourceType = 'vm' | 'storage' | 'node' | 'sdn'
export type TaskStatusType = 'ok' | 'warning' | 'error' | 'unknown'

export interface ListTasksFilters {
  vmid?: number
  typefilter?: string
  userfilter?: string
  statusfilter?: TaskStatusType[]
  errors?: boolean
  /** archive (default) = finished tasks only. */
  source?: 'archive' | 'active' | 'all'
  since?: number
  until?: number
  start?: number
  limit?: number
}

export interface VncProxyOptions {
  websocket: boolean
  width?: number
  height?: number
}

export interface StorageFilters {
  content?: PveList
  enabled?: boolean
  storage?: string
  target?: string
}

export interface CreateUserParams {
  /** name@realm */
  userid: string
  /** Only meaningful for the pve realm; 8..64 characters. */
  password?: string
  email?: string
  firstname?: string
  lastname?: string
  comment?: string
  groups?: PveList
  /** Unix seconds; 0 = never. */
  expire?: number
  enable?: boolean
}

export interface UpdateUserParams {
  email?: string
  firstname?: string
  lastname?: string
  comment?: string
  groups?: PveList
  /** Add to `groups` instead of replacing them. */
  append?: boolean
  expire?: number
  enable?: boolean
}

export interface SetAclParams {
  /** e.g. /vms/105 */
  path: string
  roles: PveList
  users?: PveList
  tokens?: PveList
  groups?: PveList
  /** Default true. */
  propagate?: boolean
  /** Remove these entries instead of adding them. */
  delete?: boolean
}

export interface CreateRoleParams {
  roleid: string
  privs?: PveList
}

// ---- replies ----

export interface PveVersion {
  version: string
  /** x.y point release. */
  release: string
  repoid: string
  console?: string
}

export interface PveNodeSummary {
  node: string
  status: 'online' | 'offline' | 'unknown'
  cpu?: number
  maxcpu?: number
  mem?: number
  maxmem?: number
  uptime?: number
  level?: string
  ssl_fingerprint?: string
}

export interface PveNodeStatus {
  cpu: number
  uptime: number
  pveversion: string
  /** 1, 5 and 15 minute load averages. */
  loadavg: number[]
  memory: { total: number; used: number; free: number; available?: number }
  rootfs: { total: number; used: number; free: number; avail: number }
  cpuinfo?: { cores?: number; cpus?: number; model?: string; sockets?: number }
  'current-kernel'?: { sysname?: string; release?: string; version?: string; machine?: string }
}

export interface ClusterResource {
  /** e.g. lxc/105, node/pve1, storage/pve1/local */
  id: string
  type: string
  node?: string
  status?: string
  vmid?: number
  name?: string
  cpu?: number
  maxcpu?: number
  mem?: number
  maxmem?: number
  disk?: number
  maxdisk?: number
  uptime?: number
  netin?: number
  netout?: number
  diskread?: number
  diskwrite?: number
  template?: boolean
  tags?: string
  lock?: string
  pool?: string
  hastate?: string
  storage?: string
  content?: string
  plugintype?: string
  shared?: boolean
}

/** A /cluster/resources?type=vm entry: a container or VM, which always has a node and a VMID. */
export interface GuestResource extends ClusterResource {
  type: 'lxc' | 'qemu'
  node: string
  vmid: number
  status: string
}

export interface LxcSummary {
  vmid: number
  status: 'running' | 'stopped'
  name?: string
  cpu?: number
  cpus?: number
  mem?: number
  maxmem?: number
  maxswap?: number
  disk?: number
  maxdisk?: number
  netin?: number
  netout?: number
  diskread?: number
  diskwrite?: number
  uptime?: number
  lock?: string
  tags?: string
  template?: boolean
}

export interface LxcStatus extends LxcSummary {
  ha?: Record<string, unknown>
}

/** GET …/config: PVE's keys as stored, property strings unparsed (see propertyStrings.ts), other keys kept. */
export interface LxcConfig {
  [key: string]: unknown
  digest: string
  hostname?: string
  description?: string
  arch?: string
  ostype?: string
  cores?: number
  cpulimit?: number
  cpuunits?: number
  memory?: number
  swap?: number
  rootfs?: string
  features?: string
  nameserver?: string
  searchdomain?: string
  onboot?: boolean
  protection?: boolean
  unprivileged?: boolean
  template?: boolean
  tags?: string
  lock?: string
  [key: `net${number}`]: string | undefined
  [key: `mp${number}`]: string | undefined
  [key: `unused${number}`]: string | undefined
}

export interface LxcSnapshot {
  /** 'current' is PVE's pseudo entry for the running state. */
  name: string
  description?: string
  snaptime?: number
  parent?: string
}

/** One RRD row; fields without data are absent. Rates are bytes per second, cpu a 0..1 fraction. */
export interface RrdRow {
  time: number
  [field: string]: number | undefined
}

export interface TaskSummary {
  upid: string
  node: string
  pid: number
  pstart: number
  starttime: number
  type: string
  id: string
  user: string
  status?: string
  endtime?: number
}

export interface TaskStatus {
  upid: string
  node: string
  pid: number
  pstart: number
  starttime: number
  type: string
  id: string
  user: string
  status: 'running' | 'stopped'
  /** Once stopped: 'OK', 'WARNINGS: n' or the error text. */
  exitstatus?: string
}

export interface TaskLogLine {
  n: number
  t: string
}

export interface TaskLogPage {
  lines: TaskLogLine[]
  /** Lines in the whole log so far. */
  total: number
}

export interface TaskOutcome {
  /** True for 'OK' and 'WARNINGS: n'. */
  ok: boolean
  exitstatus: string
  warnings: number
}

export interface VncProxyTicket {
  user: string
  ticket: string
  port: number
  upid: string
  cert: string
  /** Since the April 2026 console hardening: the VNC password to use instead of the ticket. */
  password?: string
}

export interface TermProxyTicket {
  user: string
  ticket: string
  port: number
  upid: string
}

export interface StorageSummary {
  storage: string
  type: string
  /** Comma list such as rootdir,images or vztmpl,iso,backup. */
  content: string
  active?: boolean
  enabled?: boolean
  shared?: boolean
  total?: number
  used?: number
  avail?: number
  used_fraction?: number
}

export interface StorageVolume {
  /** e.g. local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst */
  volid: string
  format: string
  size: number
  content?: string
  ctime?: number
  vmid?: number
  notes?: string
  used?: number
  parent?: string
  protected?: boolean
}

export interface PveUser {
  userid: string
  enable?: boolean
  expire?: number
  firstname?: string
  lastname?: string
  email?: string
  comment?: string
  groups?: string[]
}

export interface AclEntry {
  path: string
  roleid: string
  type: 'user' | 'group' | 'token'
  ugid: string
  propagate?: boolean
}

export interface PveRole {
  roleid: string
  privs: string[]
  special?: boolean
}
