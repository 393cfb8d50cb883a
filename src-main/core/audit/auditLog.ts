import type { AuditEntry, AuditKind } from '@shared/domain/audit'
import type { Database } from '../db/database'
import type { Clock } from '../clock'

export interface AuditRecord {
  kind: AuditKind
  actor?: string | null
  ip?: string | null
  targetType?: string
  targetId?: string | number
  /** Must not contain secrets: callers pass views, never rows. */
  detail?: Record<string, unknown>
}

export interface AuditQuery {
  page: number
  page_size: number
  kind?: AuditKind
  actor?: string
  since?: number
  until?: number
}

export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  record(entry: AuditRecord): void {
    this.db.run(
      this.db.qb.insertInto('audit_log').values({
        ts: this.clock.now(),
        kind: entry.kind,
        actor: entry.actor ?? null,
        ip: entry.ip ?? null,
        target_type: entry.targetType ?? null,
        target_id: entry.targetId === undefined ? null : String(entry.targetId),
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
      }),
    )
  }

  list(query: AuditQuery): { items: AuditEntry[]; total: number } {
    let filtered = this.db.qb.selectFrom('audit_log')
    if (query.kind) filtered = filtered.where('kind', '=', query.kind)
    if (query.actor) filtered = filtered.where('actor', '=', query.actor)
    if (query.since !== undefined) filtered = filtered.where('ts', '>=', query.since)
    if (query.until !== undefined) filtered = filtered.where('ts', '<=', query.until)
    const total = this.db.first(filtered.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
    const rows = this.db.all(
      filtered
        .selectAll()
        .orderBy('id', 'desc')
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size),
    )
    const items = rows.map((row) => ({
      id: row.id,
      ts: row.ts,
      kind: row.kind as AuditKind,
      actor: row.actor,
      ip: row.ip,
      target_type: row.target_type,
      target_id: row.target_id,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
    }))
    return { items, total }
  }
}
