import { z } from 'zod'
import * as v from '../validators'
import { fingerprint } from './pve'

export const NAT_PROTOCOLS = ['tcp', 'udp', 'tcp+udp'] as const
export const natProtocol = z.enum(NAT_PROTOCOLS)

const routerUrl = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL such as http://192.168.1.1' })
  .max(255)
  .transform((url) => url.replace(/\/+$/, ''))
const publicHost = z.union([v.hostname, z.ipv4({ error: 'an IPv4 address or a domain name' })])
const wanInterface = z.string().trim().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a WAN line name such as wan1')

export const routerView = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  base_url: z.string(),
  username: z.string(),
  has_password: z.boolean(),
  fingerprint: z.string().nullable(),
  wan_interface: z.string(),
  public_host: z.string(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})
export type RouterView = z.infer<typeof routerView>

const routerFields = {
  name: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
  base_url: routerUrl,
  username: z.string().trim().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(128),
  fingerprint: fingerprint.nullable().optional(),
  wan_interface: wanInterface,
  public_host: publicHost,
}

export const createRouterInput = z.strictObject({ ...routerFields, wan_interface: wanInterface.default('wan1') })
export type CreateRouterInput = z.output<typeof createRouterInput>
export const updateRouterInput = z.strictObject(routerFields).partial().extend({ id: v.idParam })
export type UpdateRouterInput = z.output<typeof updateRouterInput>

export const routerTestResult = z.strictObject({
  reachable: z.boolean(),
  generation: z.union([z.literal(3), z.literal(4)]).nullable(),
  rule_count: z.number().int().nullable(),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
})

export const natMappingView = z.strictObject({
  id: z.number().int(),
  container_id: z.number().int(),
  router_id: z.number().int(),
  purpose: z.string(),
  protocol: natProtocol,
  external_host: z.string(),
  external_port: z.string(),
  internal_address: z.string(),
  internal_port: z.string(),
  state: z.enum(['pending', 'active', 'disabled', 'removing']),
  router_rule_id: z.number().int().nullable(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})
export type NatMappingView = z.infer<typeof natMappingView>

export const addMappingInput = z
  .strictObject({
    id: v.idParam,
    purpose: z.string().trim().regex(/^[a-z][a-z0-9-]{0,23}$/, 'lowercase letters, digits and -, e.g. web or hysteria').default('custom'),
    protocol: natProtocol.default('tcp'),
    internal_port: v.port,
    /** Last port of a range (Hysteria port hopping maps a UDP range). */
    internal_port_last: v.port.optional(),
    /** First external port wanted; left out, the lowest free run of the plan's port pool is used. */
    external_port: v.port.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.internal_port_last !== undefined && input.internal_port_last < input.internal_port) {
      ctx.addIssue({ code: 'custom', path: ['internal_port_last'], message: 'must not be below internal_port' })
    }
    if (input.internal_port_last !== undefined && input.internal_port_last - input.internal_port >= 10_000) {
      ctx.addIssue({ code: 'custom', path: ['internal_port_last'], message: 'a range spans at most 10000 ports' })
    }
  })
export type AddMappingInput = z.output<typeof addMappingInput>

export const mappingIdInput = z.strictObject({ id: v.idParam, mapping_id: v.idParam })

export const routerRuleView = z.strictObject({
  id: z.number().int(),
  enabled: z.boolean(),
  comment: z.string(),
  lan_addr: z.string(),
  protocol: z.string(),
  wan_port: z.string(),
  lan_port: z.string(),
})

export const reconcileReport = z.strictObject({
  router_id: z.number().int(),
  missing: z.array(natMappingView),
  orphaned: z.array(routerRuleView),
  changed: z.array(z.strictObject({ mapping: natMappingView, rule: routerRuleView, differences: z.array(z.string()) })),
  in_sync: z.number().int(),
})
export type ReconcileReport = z.infer<typeof reconcileReport>
