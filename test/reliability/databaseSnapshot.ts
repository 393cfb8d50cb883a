// Every row of every table, to show that a refused call changed nothing. Audit entries of refusals (failed
// logins, proxy-auth failures) are the one write a refusal makes, so the audit log is compared as "only
// those appended".
import { expect } from 'vitest'
import type { Services } from '../../src-main/core/services'

const REFUSAL_AUDIT_KINDS = ['login.failure', 'proxy_auth.failure']

export interface DatabaseSnapshot {
  tables: Record<string, string>
  lastAuditId: number
}

export function snapshotDatabase(services: Services): DatabaseSnapshot {
  // Deferred audit entries are written first, so they are counted with the call that made them.
  services.audit.flush()
  const { db } = services
  const names = db.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name").pluck().all() as string[]
  const tables = Object.fromEntries(names.map((name) => [name, JSON.stringify(db.sqlite.prepare(`SELECT * FROM "${name}"`).raw().all())]))
  return { tables, lastAuditId: (db.sqlite.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number) }
}

export function expectUnchangedSince(services: Services, before: DatabaseSnapshot, what: string): void {
  const after = snapshotDatabase(services)
  for (const [table, rows] of Object.entries(before.tables)) expect(after.tables[table], `${what}: table ${table}`).toBe(rows)
  const appended = services.db.sqlite.prepare('SELECT DISTINCT kind FROM audit_log WHERE id > ?').pluck().all(before.lastAuditId) as string[]
  expect(appended.filter((kind) => !REFUSAL_AUDIT_KINDS.includes(kind)), `${what}: audit entries`).toEqual([])
}
