import { z } from 'zod'
import { defineOperation as op } from '../operation'
import { empty } from '../shapes'
import { CONTAINER_STATES } from '../../domain/containers'

const count = z.number().int().min(0)

export const dashboardSummary = z.strictObject({
  /** The address proxy clients and Hysteria servers use to reach proxdesk; subscription links start with it. */
  public_url: z.string(),
  /** When the counts were taken (Unix seconds); "expiring" means within 7 days of it. */
  now: z.number().int(),
  /** A partition: total = active + disabled + expired; `expiring` counts the active ones that expire within 7 days. */
  users: z.strictObject({ total: count, active: count, disabled: count, expiring: count, expired: count }),
  node_groups: z.strictObject({ total: count, usable: count, expiring: count, expired: count }),
  containers: z.array(z.strictObject({ state: z.enum(CONTAINER_STATES), count })),
})
export type DashboardSummary = z.infer<typeof dashboardSummary>

export const dashboardOperations = {
  'dashboard.summary': op({
    summary: 'Counts for the dashboard: users, node groups and containers by state',
    access: 'admin',
    input: empty,
    output: dashboardSummary,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/dashboard' },
  }),
}
