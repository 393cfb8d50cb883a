// The latest sign-ins, successful or not. Each kind is its own seek on ix_audit_log_kind_ts, so only the
// 2 × RECENT_LIMIT rows they return are sorted, however long the log grows.
import { LOGIN_FAILURE_REASONS, type DashboardLogin, type LoginFailureReason } from '@shared/contract/ops/dashboard'
import type { Database } from '../db/database'
import { RECENT_LIMIT } from './recentAuthFailures'

const latestOfKind = (kind: string) => `SELECT id, ts, kind, actor, ip, detail FROM audit_log WHERE kind = '${kind}' ORDER BY ts DESC, id DESC LIMIT @limit`

export const RECENT_LOGINS_SQL = `SELECT * FROM (${latestOfKind('login.success')})
UNION ALL SELECT * FROM (${latestOfKind('login.failure')})
ORDER BY ts DESC, id DESC LIMIT @limit`

interface LoginRow {
  id: number
  ts: number
  kind: 'login.success' | 'login.failure'
  actor: string | null
  ip: string | null
  detail: string | null
}

function reasonOf(detail: string | null): LoginFailureReason | null {
  const reason = detail === null ? undefined : (JSON.parse(detail) as Record<string, unknown>).reason
  return LOGIN_FAILURE_REASONS.find((known) => known === reason) ?? null
}

export function recentLogins(db: Database): DashboardLogin[] {
  return (db.prepare(RECENT_LOGINS_SQL).all({ limit: RECENT_LIMIT }) as LoginRow[]).map((row) => {
    const success = row.kind === 'login.success'
    return { id: row.id, ts: row.ts, username: row.actor, ip: row.ip, success, reason: success ? null : reasonOf(row.detail) }
  })
}
