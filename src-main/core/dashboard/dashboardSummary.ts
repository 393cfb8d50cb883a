// Dashboard counts. Each figure is one COUNT over an indexed column range, so the cost stays flat at 100,000 users;
// pools and the audit excerpts are index seeks too (see their files).
import type { DashboardSummary } from '@shared/contract/ops/dashboard'
import { CONTAINER_STATES } from '@shared/domain/containers'
import type { Database } from '../db/database'
import { poolUsage } from './poolUsage'
import { recentAuthFailures } from './recentAuthFailures'
import { recentLogins } from './recentLogins'

export const EXPIRING_WINDOW_SECONDS = 7 * 24 * 3600

function countOf(db: Database, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n
}

/** The caller flushes the audit log's deferred entries first, or the latest proxy-auth failures are missing. */
export function dashboardSummary(db: Database, now: number, publicUrl: string): DashboardSummary {
  const soon = now + EXPIRING_WINDOW_SECONDS
  // 0 and NULL both mean "never expires" (see validators.expiryTs); both sit outside these ranges.
  const usersTotal = countOf(db, 'SELECT count(*) AS n FROM users')
  const usersDisabled = countOf(db, 'SELECT count(*) AS n FROM users WHERE is_active = 0')
  const usersExpired = countOf(db, 'SELECT count(*) AS n FROM users WHERE proxy_expire_ts > 0 AND proxy_expire_ts <= ? AND is_active = 1', now)
  const usersExpiring = countOf(db, 'SELECT count(*) AS n FROM users WHERE proxy_expire_ts > ? AND proxy_expire_ts <= ? AND is_active = 1', now, soon)

  // Shared attributes are equal within a group, so one grouped pass over the server_group index is enough.
  const groups = db
    .prepare(
      `SELECT count(*) AS total,
              coalesce(sum(active > 0 AND (expire_ts IS NULL OR expire_ts = 0 OR expire_ts > @now)), 0) AS usable,
              coalesce(sum(expire_ts > @now AND expire_ts <= @soon), 0) AS expiring,
              coalesce(sum(expire_ts > 0 AND expire_ts <= @now), 0) AS expired
         FROM (SELECT max(expire_ts) AS expire_ts, sum(is_active) AS active FROM node_server GROUP BY server_group)`,
    )
    .get({ now, soon }) as DashboardSummary['node_groups']

  const byState = new Map(
    (db.prepare('SELECT state, count(*) AS n FROM containers GROUP BY state').all() as { state: string; n: number }[]).map((row) => [row.state, row.n]),
  )
  return {
    public_url: publicUrl.replace(/\/+$/, ''),
    now,
    users: {
      total: usersTotal,
      active: usersTotal - usersDisabled - usersExpired,
      disabled: usersDisabled,
      expiring: usersExpiring,
      expired: usersExpired,
    },
    node_groups: groups,
    containers: CONTAINER_STATES.filter((state) => state !== 'deleted').map((state) => ({ state, count: byState.get(state) ?? 0 })),
    pools: poolUsage(db),
    recent_auth_failures: recentAuthFailures(db, now),
    recent_logins: recentLogins(db),
  }
}
