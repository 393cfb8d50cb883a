import { AUDIT_REPEAT_WINDOW_SECONDS, type AuditEntry, type AuditKind } from '@shared/domain/audit'
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

/** An entry's columns but its time: what makes two repeated entries the same. */
type AuditContent = [kind: AuditKind, actor: string | null, ip: string | null, targetType: string | null, targetId: string | null, detail: string | null]
type AuditRow = [ts: number, ...AuditContent]

const INSERT_SQL = 'INSERT INTO audit_log (ts, kind, actor, ip, target_type, target_id, detail, occurrences) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
/**
 * How long a repeated entry may wait. Long enough that a client retrying a refused password becomes a row every
 * few seconds, not a row a connection (each row costs index pages: refusals keep naming other users, so each dirtied
 * a random page of the actor index, about 4 KiB of WAL, and the writes held up the auth endpoint); short enough
 * that the log reads as live. Readers of the log flush first, so they never miss a held entry.
 */
export const REPEAT_WINDOW_MS = AUDIT_REPEAT_WINDOW_SECONDS * 1000
/** A window also ends once it holds this many distinct entries: a flood of ever new ones must not grow memory unbounded. */
export const MAX_HELD_ENTRIES = 10_000
/**
 * Rows per transaction when a window's entries are written in the background: the event loop waits for each
 * transaction, so a flood's thousands of rows go in slices of a millisecond or two, not in one long stall.
 */
export const ROWS_PER_SLICE = 200
/** After a failed slice (the file locked by another process for longer than busy_timeout), wait this long. */
const RETRY_MS = 1000

interface RepeatedRow {
  row: AuditRow
  occurrences: number
}

export class AuditLog {
  /** The current window, keyed by the row without its time: identical entries share a row, which keeps the first time. */
  private pending = new Map<string, RepeatedRow>()
  /** Ended windows cut into slices of at most ROWS_PER_SLICE rows, written one per turn of the event loop; oldest first. */
  private slices: RepeatedRow[][] = []
  private windowTimer: NodeJS.Timeout | undefined
  private drainTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** Told when a slice could not be written; it stays queued and is tried again. */
    private readonly onDeferredError: (error: unknown) => void = () => {},
  ) {
    db.beforeClose(() => this.flush())
  }

  private contentOf(entry: AuditRecord): AuditContent {
    return [
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
    this.db.prepare(INSERT_SQL).run(this.clock.now(), ...this.contentOf(entry), 1)
  }

  /**
   * For frequent entries that belong to no transaction (proxy-auth refusals, one per refused connection): held
   * in memory for up to REPEAT_WINDOW_MS, identical ones counted into one row (as syslog's "message repeated N
   * times"), then written a slice at a time. Reading the log and closing the database write them first, so none
   * is missed or lost short of the process being killed.
   */
  recordRepeated(entry: AuditRecord): void {
    const content = this.contentOf(entry)
    const key = JSON.stringify(content)
    const now = this.clock.now()
    const held = this.pending.get(key)
    if (held && now - held.row[0] < AUDIT_REPEAT_WINDOW_SECONDS) {
      held.occurrences++
      return
    }
    // The clock has passed the window before its timer did (set forward, or a test's clock): a row says when its
    // entries happened, so what is held is written as it is and this one starts anew.
    if (held) this.endWindow()
    this.pending.set(key, { row: [now, ...content], occurrences: 1 })
    if (this.pending.size >= MAX_HELD_ENTRIES) this.endWindow()
    else this.windowTimer ??= setTimeout(() => this.endWindow(), REPEAT_WINDOW_MS)
  }

  private endWindow(): void {
    clearTimeout(this.windowTimer)
    this.windowTimer = undefined
    const rows = [...this.pending.values()]
    this.pending = new Map()
    for (let start = 0; start < rows.length; start += ROWS_PER_SLICE) this.slices.push(rows.slice(start, start + ROWS_PER_SLICE))
    if (this.drainTimer === undefined) this.drainSlice()
  }

  private drainSlice(): void {
    this.drainTimer = undefined
    try {
      this.insert(this.slices[0]!)
      this.slices.shift()
      if (this.slices.length > 0) this.drainTimer = setTimeout(() => this.drainSlice(), 0)
    } catch (error) {
      this.onDeferredError(error)
      this.drainTimer = setTimeout(() => this.drainSlice(), RETRY_MS)
    }
  }

  private insert(rows: RepeatedRow[]): void {
    this.db.transaction(() => {
      const insert = this.db.prepare(INSERT_SQL)
      for (const { row, occurrences } of rows) insert.run(...row, occurrences)
    })
  }

  /** Writes every held entry now, in one transaction; on failure they all stay held. */
  flush(): void {
    const rows = [...this.slices.flat(), ...this.pending.values()]
    if (rows.length === 0) return
    this.insert(rows)
    clearTimeout(this.windowTimer)
    clearTimeout(this.drainTimer)
    this.windowTimer = undefined
    this.drainTimer = undefined
    this.slices = []
    this.pending = new Map()
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
      occurrences: row.occurrences,
    }))
    return { items, total }
  }
}
