import { z } from 'zod'
import * as v from '../validators'

/** Attributes every record of a server_group shares; the database keeps them equal. */
export const SHARED_NODE_FIELDS = ['idc_name', 'salamander', 'rent_ts', 'expire_ts', 'fee', 'port', 'sni'] as const

/** The admin's view of one address record of a node group. */
export const nodeAdminView = z.strictObject({
  id: z.number().int(),
  ip_address: z.string(),
  domain: z.string().nullable(),
  server_group: z.string(),
  idc_name: z.string().nullable(),
  salamander: z.string().nullable(),
  rent_ts: z.number().int(),
  expire_ts: z.number().int().nullable(),
  fee: z.number().nullable(),
  port: z.number().int(),
  sni: z.string().nullable(),
  container_id: z.number().int().nullable(),
  is_active: z.boolean(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})
export type NodeAdminView = z.infer<typeof nodeAdminView>

/** What a plain user may see: no business fields (fee, idc_name, rent_ts) and no secrets. */
export const nodeUserView = nodeAdminView.pick({
  id: true,
  ip_address: true,
  domain: true,
  server_group: true,
  expire_ts: true,
  port: true,
  sni: true,
  is_active: true,
})
export type NodeUserView = z.infer<typeof nodeUserView>

const sharedInputFields = {
  idc_name: v.idcName.nullable().optional(),
  salamander: v.salamanderPassword.nullable().optional(),
  rent_ts: v.unixSeconds.optional(),
  expire_ts: v.expiryTs.optional(),
  fee: v.fee.nullable().optional(),
  port: v.port.optional(),
  sni: v.hostname.nullable().optional(),
}

export const createNodeInput = z.strictObject({
  ip_address: v.ipAddress,
  domain: v.hostname.nullable().optional(),
  server_group: v.serverGroup,
  container_id: v.recordId.nullable().optional(),
  is_active: z.boolean().default(true),
  ...sharedInputFields,
})
export type CreateNodeInput = z.output<typeof createNodeInput>

export const updateNodeInput = z.strictObject({
  id: v.idParam,
  ip_address: v.ipAddress.optional(),
  domain: v.hostname.nullable().optional(),
  server_group: v.serverGroup.optional(),
  container_id: v.recordId.nullable().optional(),
  is_active: z.boolean().optional(),
  ...sharedInputFields,
})
export type UpdateNodeInput = z.output<typeof updateNodeInput>

export const listNodesInput = z
  .strictObject({
    ...v.pagination,
    server_group: v.serverGroup.optional(),
    ip_address: v.ipAddress.optional(),
    domain: v.hostname.optional(),
    is_active: v.queryBool.optional(),
    expire_before: v.queryInt(v.unixSeconds).optional(),
    expire_after: v.queryInt(v.unixSeconds).optional(),
  })
export type ListNodesInput = z.output<typeof listNodesInput>

export const nodeGroupView = z.strictObject({
  server_group: z.string(),
  idc_name: z.string().nullable(),
  salamander: z.string().nullable(),
  rent_ts: z.number().int(),
  expire_ts: z.number().int().nullable(),
  fee: z.number().nullable(),
  port: z.number().int(),
  sni: z.string().nullable(),
  node_key: z.string(),
  record_count: z.number().int(),
  active_count: z.number().int(),
  usable: z.boolean(),
  auth_url: z.string(),
  hysteria_server_snippet: z.string(),
})
export type NodeGroupView = z.infer<typeof nodeGroupView>

export const serverGroupInput = z.strictObject({ server_group: v.serverGroup })
