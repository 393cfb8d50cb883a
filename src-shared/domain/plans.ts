import { z } from 'zod'
import * as v from '../validators'
import { pveBridge, pveNodeName, pveStorageId, templateVolid } from './pve'

export const SWAP_MODES = ['none', '1024', 'equal'] as const
export const NETWORK_MODES = ['bridged', 'nat'] as const

const resources = {
  cores: z.number().int().min(1, 'at least 1').max(128, 'at most 128'),
  memory_mb: z.number().int().min(16, 'at least 16 MiB').max(1_048_576),
  disk_gb: z.number().int().min(1, 'at least 1 GiB').max(65_536),
}

/** What the seed's product configuration held, as one reusable plan. */
const planFields = {
  name: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
  connection_id: v.recordId,
  pve_node: pveNodeName,
  network_mode: z.enum(NETWORK_MODES),
  bridge: pveBridge,
  storage: pveStorageId,
  ip_pool_id: v.recordId,
  vmid_pool_id: v.recordId,
  port_pool_id: v.recordId.nullable().optional(),
  router_id: v.recordId.nullable().optional(),
  nat_rule_limit: z.number().int().min(0).max(1000),
  dns: z.array(z.ipv4({ error: 'an IPv4 address' })).max(3, 'at most 3 servers').nullable().optional(),
  ...resources,
  swap_mode: z.enum(SWAP_MODES),
  cpulimit: z.number().min(0, 'at least 0 (0 = unlimited)').max(8192),
  cpuunits: z.number().int().min(1).max(262_144),
  rate_mbps: z.number().positive('must be positive').max(1_000_000).nullable().optional(),
  nesting: z.boolean(),
  onboot: z.boolean(),
  templates: z.array(templateVolid).min(1, 'at least one template').max(50),
}

export const createPlanInput = z
  .strictObject({
    ...planFields,
    nat_rule_limit: planFields.nat_rule_limit.default(0),
    swap_mode: planFields.swap_mode.default('none'),
    cpulimit: planFields.cpulimit.default(0),
    cpuunits: planFields.cpuunits.default(1024),
    nesting: planFields.nesting.default(false),
    onboot: planFields.onboot.default(true),
  })
  .superRefine((plan, ctx) => {
  if (plan.network_mode === 'nat' && !plan.port_pool_id) ctx.addIssue({ code: 'custom', path: ['port_pool_id'], message: 'required in NAT mode' })
    if (plan.network_mode === 'nat' && !plan.router_id) ctx.addIssue({ code: 'custom', path: ['router_id'], message: 'required in NAT mode' })
})
export type CreatePlanInput = z.output<typeof createPlanInput>

export const updatePlanInput = z.strictObject(planFields).partial().extend({ id: v.idParam })
export type UpdatePlanInput = z.output<typeof updatePlanInput>

export const planView = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  connection_id: z.number().int(),
  pve_node: z.string(),
  network_mode: z.enum(NETWORK_MODES),
  bridge: z.string(),
  storage: z.string(),
  ip_pool_id: z.number().int(),
  vmid_pool_id: z.number().int(),
  port_pool_id: z.number().int().nullable(),
  router_id: z.number().int().nullable(),
  nat_rule_limit: z.number().int(),
  dns: z.array(z.string()).nullable(),
  cores: z.number().int(),
  memory_mb: z.number().int(),
  disk_gb: z.number().int(),
  swap_mode: z.enum(SWAP_MODES),
  cpulimit: z.number(),
  cpuunits: z.number().int(),
  rate_mbps: z.number().nullable(),
  nesting: z.boolean(),
  onboot: z.boolean(),
  templates: z.array(z.string()),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})
export type PlanView = z.infer<typeof planView>

export const planResources = resources
