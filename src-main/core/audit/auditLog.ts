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

type AuditRow = [ts: number, kind: AuditKind, actor: string | null, ip: string | null, targetType: string | null, targetId: string | null, detail: string | null]

const INSERT_SQL = 'INSERT INTO audit_log (ts, kind, actor, ip, target_type, target_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)'
/** How long a deferred entry may wait: one transaction per batch costs about what a single commit does. */
const DEFER_MS = 5
/** After a failed batch (the file locked by another process for longer than busy_timeout), wait this long. */
const RETRY_MS = 1000

export class AuditLog {
  private pending: AuditRow[] = []
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** Told when a deferred batch could not be written; the batch stays queued and is tried again. */
    private readonly onDeferredError: (error: unknown) => void = () => {},
  ) {
    db.beforeClose(() => this.flush())
  }

  private rowOf(entry: AuditRecord): AuditRow {
    return [
      this.clock.now(),
      entry.kind,
      entry.actor ?? null,
      entry.ip ?? null,
      entry.targetType ?? null,
      entry.targetId === undefined ? null : String(entry.targetId),
      entry.detail ? JSON.stringify(entry.detail) : null,
    ]
  }

  /** Written at once, inside the caller's transaction if there is one, so it commits or rolls back with the change. */
  record(entry: AuditRecord): void {
    this.db.prepare(INSERT_SQL).run(...this.rowOf(entry))
  }

  /**
   * For frequent entries that belong to no transaction (proxy-auth failures, one per refused connection): kept
   * in memory for at most DEFER_MS, then written together in one transaction. Reading the log and closing the
   * database write them first, so none is missed or lost short of the process being killed.
   */
  recordDeferred(entry: AuditRecord): void {
    this.pending.push(this.rowOf(entry))
    this.timer ??= setTimeout(() => this.flushInBackground(), DEFER_MS)
  }

  /** Writes every deferred entry now. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    try {
      this.db.transaction(() => {
        const insert = this.db.prepare(INSERT_SQL)
        for (const row of batch) insert.run(...row)
      })
    } catch (error) {
      this.pending = batch.concat(this.pending)
      throw error
    }
  }

  private flushInBackground(): void {
    try {
      this.flush()
    } catch (error) {
      this.onDeferredError(error)
      this.timer = setTimeout(() => this.flushInBackground(), RETRY_MS)
    }
  }

  list(query: AuditQuery): { items: AuditEntry[]; total: number } {
    this.flush()
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
