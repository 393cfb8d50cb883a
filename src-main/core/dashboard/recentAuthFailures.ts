// The latest proxy-auth refusals from the audit log. Both queries are seeks on ix_audit_log_kind_ts (the
// rowid is its last column, so "ts, id" order needs no sort); see test/api/dashboard.test.ts. A row may stand
// for several identical refusals (occurrences), so the day's figure is a sum, not a row count.
import { PROXY_AUTH_FAILURE_REASONS, type DashboardSummary, type ProxyAuthFailureReason } from '@shared/contract/ops/dashboard'
import type { Database } from '../db/database'
import type { AuthFailureReason } from '../proxy/proxyAuth'

export const RECENT_LIMIT = 10
const DAY_SECONDS = 24 * 3600

export const AUTH_FAILURE_SQL = {
  latest: `SELECT id, ts, actor, ip, target_id, detail, occurrences FROM audit_log WHERE kind = 'proxy_auth.failure' ORDER BY ts DESC, id DESC LIMIT ?`,
  countSince: `SELECT coalesce(sum(occurrences), 0) AS n FROM audit_log WHERE kind = 'proxy_auth.failure' AND ts > ?`,
} as const

// The contract lists the reasons the auth endpoint writes; this fails to compile when the two drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const reasonsMatch: Same<AuthFailureReason, ProxyAuthFailureReason> = true
void reasonsMatch

interface AuditRow {
  id: number
  ts: number
  actor: string | null
  ip: string | null
  target_id: string | null
  detail: string | null
  occurrences: number
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function reasonOf(value: unknown): ProxyAuthFailureReason | null {
  return PROXY_AUTH_FAILURE_REASONS.find((reason) => reason === value) ?? null
}

export function recentAuthFailures(db: Database, now: number): DashboardSummary['recent_auth_failures'] {
  const rows = db.prepare(AUTH_FAILURE_SQL.latest).all(RECENT_LIMIT) as AuditRow[]
  const items = rows.map((row) => {
    const detail = row.detail === null ? {} : (JSON.parse(row.detail) as Record<string, unknown>)
    return {
      id: row.id,
      ts: row.ts,
      username: row.actor,
      node_group: row.target_id,
      proxy_node_ip: stringOrNull(detail.node_ip),
      client_addr: row.ip,
      reason: reasonOf(detail.reason),
      occurrences: row.occurrences,
    }
  })
  const last24h = (db.prepare(AUTH_FAILURE_SQL.countSince).get(now - DAY_SECONDS) as { n: number }).n
  return { last_24h: last24h, items }
}
