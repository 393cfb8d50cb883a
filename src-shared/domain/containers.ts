import { z } from 'zod'
import * as v from '../validators'
import { planResources, NETWORK_MODES } from './plans'
import { templateVolid } from './pve'

export const CONTAINER_STATES = ['creating', 'running', 'stopped', 'suspended', 'failed', 'deleting', 'deleted'] as const
export const POWER_ACTIONS = ['start', 'shutdown', 'reboot', 'stop'] as const
export const STEP_STATUSES = ['started', 'done', 'undone', 'failed'] as const

/** A DNS label: what PVE's dns-name format accepts for one hostname. */
export const containerHostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(63, 'at most 63 characters')
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'letters, digits and hyphens (a DNS name)')

/** PVE needs at least 5 characters; we ask for 8. It goes to PVE once and is never stored. */
export const rootPassword = z.string().min(8, 'at least 8 characters').max(128, 'at most 128 characters').regex(/^[\x20-\x7e]+$/, 'printable ASCII only')

export const createContainerInput = z.strictObject({
  plan_id: v.recordId,
  hostname: containerHostname,
  password: rootPassword,
  template: templateVolid,
  cores: planResources.cores.optional(),
  memory_mb: planResources.memory_mb.optional(),
  disk_gb: planResources.disk_gb.optional(),
  owner_label: z.string().trim().max(128, 'at most 128 characters').nullable().optional(),
  ssh_public_keys: z.string().max(16_384, 'too long').optional(),
})
export type CreateContainerInput = z.output<typeof createContainerInput>

export const containerStep = z.strictObject({
  saga: z.string(),
  step: z.string(),
  status: z.enum(STEP_STATUSES),
  error: z.string().nullable(),
  updated_at: z.number().int(),
})

export const containerView = z.strictObject({
  id: z.number().int(),
  plan_id: z.number().int(),
  connection_id: z.number().int(),
  pve_node: z.string(),
  vmid: z.number().int().nullable(),
  hostname: z.string(),
  template: z.string(),
  owner_label: z.string().nullable(),
  network_mode: z.enum(NETWORK_MODES),
  ip_address: z.string().nullable(),
  prefix_length: z.number().int().nullable(),
  gateway: z.string().nullable(),
  /** Where customers connect: the container's own address, or in NAT mode the router's host and mapped port. */
  ssh_host: z.string().nullable(),
  ssh_port: z.number().int().nullable(),
  cores: z.number().int(),
  memory_mb: z.number().int(),
  disk_gb: z.number().int(),
  swap_mb: z.number().int(),
  pve_userid: z.string().nullable(),
  state: z.enum(CONTAINER_STATES),
  last_error: z.string().nullable(),
  steps: z.array(containerStep),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})
export type ContainerView = z.infer<typeof containerView>

/** What a create from a plan would be given right now; nothing is reserved, so a create in between can take it. */
export const allocationPreview = z.strictObject({
  vmid: z.number().int(),
  ip_address: z.string(),
  prefix_length: z.number().int().nullable(),
  gateway: z.string().nullable(),
  /** Bridged: the container's own address and port 22. NAT: the router's public host and the lowest free pool port. */
  ssh_host: z.string(),
  ssh_port: z.number().int(),
})
export type AllocationPreview = z.infer<typeof allocationPreview>

export const listContainersInput = z.strictObject({
  ...v.pagination,
  state: z.enum(CONTAINER_STATES).optional(),
  plan_id: v.queryInt(v.recordId).optional(),
  q: z.string().trim().max(64).optional(),
})
export type ListContainersInput = z.output<typeof listContainersInput>

export const powerInput = z.strictObject({ id: v.idParam, action: z.enum(POWER_ACTIONS) })

export const taskResult = z.strictObject({ upid: z.string(), ok: z.boolean(), exitstatus: z.string() })

export const liveStatus = z.strictObject({
  status: z.string(),
  uptime_seconds: z.number(),
  cpu_fraction: z.number(),
  cpus: z.number(),
  memory_bytes: z.number(),
  memory_max_bytes: z.number(),
  swap_max_bytes: z.number(),
  disk_bytes: z.number(),
  disk_max_bytes: z.number(),
  net_in_bytes: z.number(),
  net_out_bytes: z.number(),
  disk_read_bytes: z.number(),
  disk_write_bytes: z.number(),
})

export const containerNetwork = z.strictObject({
  name: z.string(),
  interface: z.string(),
  bridge: z.string().nullable(),
  ip: z.string().nullable(),
  prefix_length: z.number().int().nullable(),
  gateway: z.string().nullable(),
  rate_mbps: z.number().nullable(),
  hwaddr: z.string().nullable(),
})

export const containerDisk = z.strictObject({ name: z.string(), storage: z.string().nullable(), volume: z.string(), size_bytes: z.number().nullable() })

export const containerConfig = z.strictObject({
  hostname: z.string().nullable(),
  cores: z.number().nullable(),
  memory_mb: z.number().nullable(),
  swap_mb: z.number().nullable(),
  nameservers: z.array(z.string()),
  networks: z.array(containerNetwork),
  disks: z.array(containerDisk),
  digest: z.string().nullable(),
})

export const snapshotName = z.string().trim().regex(/^[a-zA-Z][a-zA-Z0-9_-]{1,39}$/, 'start with a letter; letters, digits, _ and - only; 2 to 40 characters')
export const snapshotView = z.strictObject({ name: z.string(), description: z.string(), snaptime: z.number().int().nullable(), parent: z.string().nullable() })
export const createSnapshotInput = z.strictObject({ id: v.idParam, name: snapshotName, description: z.string().max(512, 'at most 512 characters').default('') })
export const snapshotActionInput = z.strictObject({ id: v.idParam, name: snapshotName })

export const taskView = z.strictObject({
  upid: z.string(),
  type: z.string(),
  status: z.string().nullable(),
  user: z.string(),
  starttime: z.number().int(),
  endtime: z.number().int().nullable(),
})
export const taskLogInput = z.strictObject({
  id: v.idParam,
  upid: z.string().max(256).regex(/^UPID:/, 'a PVE task id (UPID:…)'),
  start: v.queryInt(z.number().int().min(0)).default(0),
  limit: v.queryInt(z.number().int().min(1).max(1000)).default(200),
})
export const taskLogOutput = z.strictObject({ lines: z.array(z.strictObject({ n: z.number().int(), t: z.string() })), total: z.number().int() })

export const RRD_TIMEFRAMES = ['hour', 'day', 'week', 'month', 'year'] as const
export const rrdInput = z.strictObject({ id: v.idParam, timeframe: z.enum(RRD_TIMEFRAMES).default('hour'), cf: z.enum(['AVERAGE', 'MAX']).default('AVERAGE') })
/** Chart-ready series: [unix seconds, value] pairs in the unit named by the key. */
const series = z.array(z.tuple([z.number(), z.number()]))
export const rrdOutput = z.strictObject({
  cpu_percent: series,
  memory_bytes: series,
  memory_max_bytes: series,
  disk_read_bytes_per_second: series,
  disk_write_bytes_per_second: series,
  net_in_bytes_per_second: series,
  net_out_bytes_per_second: series,
})

export const clusterGuest = z.strictObject({
  vmid: z.number().int(),
  name: z.string().nullable(),
  pve_node: z.string(),
  type: z.string(),
  status: z.string(),
  cpu_fraction: z.number(),
  memory_bytes: z.number(),
  memory_max_bytes: z.number(),
  uptime_seconds: z.number(),
  container_id: z.number().int().nullable(),
})
