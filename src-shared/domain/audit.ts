import { z } from 'zod'
import * as v from '../validators'

export const AUDIT_KINDS = [
  'login.success',
  'login.failure',
  'proxy_auth.failure',
  'user.create',
  'user.update',
  'user.delete',
  'node.create',
  'node.update',
  'node.delete',
  'node_group.rotate_key',
  'user.rotate_sub_token',
  'expiry.deactivate',
  'pve_connection.create',
  'pve_connection.update',
  'pve_connection.delete',
  'plan.create',
  'plan.update',
  'plan.delete',
  'container.create',
  'container.delete',
  'container.power',
  'container.suspend',
  'container.unsuspend',
  'container.console',
  'router.create',
  'router.update',
  'router.delete',
  'nat.add',
  'nat.delete',
  'nat.repair',
  'pool.create',
  'pool.update',
  'pool.delete',
] as const
export const auditKind = z.enum(AUDIT_KINDS)
export type AuditKind = z.infer<typeof auditKind>

/** Identical proxy-auth refusals within this many seconds are one audit row, with the time of the first. */
export const AUDIT_REPEAT_WINDOW_SECONDS = 10

export const auditEntry = z.strictObject({
  id: z.number().int(),
  ts: z.number().int(),
  kind: auditKind,
  actor: z.string().nullable(),
  ip: z.string().nullable(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  /** Identical entries within AUDIT_REPEAT_WINDOW_SECONDS are one row (proxy-auth refusals); this says how many. */
  occurrences: z.number().int().min(1),
})
export type AuditEntry = z.infer<typeof auditEntry>

export const listAuditInput = z.strictObject({
  ...v.pagination,
  kind: auditKind.optional(),
  actor: z.string().max(64).optional(),
  since: v.queryInt(v.unixSeconds).optional(),
  until: v.queryInt(v.unixSeconds).optional(),
})
