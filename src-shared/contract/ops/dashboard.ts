import { z } from 'zod'
import { defineOperation as op } from '../operation'
import { empty } from '../shapes'
import { CONTAINER_STATES } from '../../domain/containers'
import { POOL_KINDS } from '../../poolLayout'

const count = z.number().int().min(0)

/** Why the proxy auth endpoint refused a client, as it records it in the audit log. */
export const PROXY_AUTH_FAILURE_REASONS = [
  'unknown_node_key',
  'node_group_disabled',
  'node_group_expired',
  'malformed_auth',
  'unknown_user',
  'wrong_password',
  'user_disabled',
  'user_expired',
] as const
export type ProxyAuthFailureReason = (typeof PROXY_AUTH_FAILURE_REASONS)[number]

/** Why a sign-in to proxdesk failed, as the session service records it. */
export const LOGIN_FAILURE_REASONS = ['unknown_user', 'wrong_password', 'inactive', 'throttled'] as const
export type LoginFailureReason = (typeof LOGIN_FAILURE_REASONS)[number]

export const dashboardPoolUsage = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(POOL_KINDS),
  /** Slots handed out. */
  used: count,
  /** Slots the pool can hand out at most (its range minus network, broadcast, gateway and reserved slots). */
  total: count,
})
export type DashboardPoolUsage = z.infer<typeof dashboardPoolUsage>

export const dashboardAuthFailure = z.strictObject({
  /** The audit entry's id. */
  id: z.number().int(),
  ts: z.number().int(),
  /** The username the client tried (the part before the colon); null when it sent none. */
  username: z.string().nullable(),
  /** Null when the node key was unknown: then the caller was none of our proxy nodes. */
  node_group: z.string().nullable(),
  /** The proxy node that asked, when it was one of ours. */
  proxy_node_ip: z.string().nullable(),
  /** The client as the proxy node reported it, or the caller itself when the node key was unknown. */
  client_addr: z.string().nullable(),
  reason: z.enum(PROXY_AUTH_FAILURE_REASONS).nullable(),
  /** Identical refusals within AUDIT_REPEAT_WINDOW_SECONDS are one audit row; this says how many it stands for. */
  occurrences: z.number().int().min(1),
})
export type DashboardAuthFailure = z.infer<typeof dashboardAuthFailure>

export const dashboardLogin = z.strictObject({
  id: z.number().int(),
  ts: z.number().int(),
  /** As typed on the sign-in form; failed attempts may name no existing user. */
  username: z.string().nullable(),
  ip: z.string().nullable(),
  success: z.boolean(),
  /** Null for a successful sign-in. */
  reason: z.enum(LOGIN_FAILURE_REASONS).nullable(),
})
export type DashboardLogin = z.infer<typeof dashboardLogin>

export const dashboardSummary = z.strictObject({
  /** The address proxy clients and Hysteria servers use to reach proxdesk; subscription links start with it. */
  public_url: z.string(),
  /** When the counts were taken (Unix seconds); "expiring" means within 7 days of it. */
  now: z.number().int(),
  /** A partition: total = active + disabled + expired; `expiring` counts the active ones that expire within 7 days. */
  users: z.strictObject({ total: count, active: count, disabled: count, expiring: count, expired: count }),
  node_groups: z.strictObject({ total: count, usable: count, expiring: count, expired: count }),
  containers: z.array(z.strictObject({ state: z.enum(CONTAINER_STATES), count })),
  /** Every pool, in the order of the pools screen. */
  pools: z.array(dashboardPoolUsage),
  /** The latest refused proxy clients, newest first, and how many were refused in the 24 hours before `now`. */
  recent_auth_failures: z.strictObject({ last_24h: count, items: z.array(dashboardAuthFailure) }),
  /** The latest sign-ins to proxdesk, successful or not, newest first. */
  recent_logins: z.array(dashboardLogin),
})
export type DashboardSummary = z.infer<typeof dashboardSummary>

export const dashboardOperations = {
  'dashboard.summary': op({
    summary: 'Counts for the dashboard: users, node groups, containers by state, pool usage, recent proxy-auth failures and sign-ins',
    access: 'admin',
    input: empty,
    output: dashboardSummary,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/dashboard' },
  }),
}
