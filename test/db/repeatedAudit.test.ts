// Proxy-auth failures are audited in batches (AuditLog.recordRepeated), identical ones counted into one row: none
// may be lost or missed by a reader, whether the batch timer fires, a reader comes first, the database closes,
// or another process holds the lock.
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { AuditLog, MAX_HELD_ENTRIES, REPEAT_WINDOW_MS, ROWS_PER_SLICE } from '../../src-main/core/audit/auditLog'
import { AUDIT_REPEAT_WINDOW_SECONDS } from '@shared/domain/audit'
import { ManualClock } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'

const failure = (n: number) => ({ kind: 'proxy_auth.failure' as const, actor: `user${n}`, ip: '203.0.113.9', detail: { reason: 'wrong_password' } })

describe('repeated audit entries', () => {
  const tempDir = useTempDir()
  const rows = (path: string) => {
    const reader = new BetterSqlite3(path, { readonly: true })
    try {
      return reader.prepare("SELECT actor FROM audit_log WHERE kind = 'proxy_auth.failure' ORDER BY id").pluck().all()
    } finally {
      reader.close()
    }
  }
  const counted = (path: string) => {
    const reader = new BetterSqlite3(path, { readonly: true })
    try {
      return reader.prepare("SELECT ts, actor, ip, detail ->> '$.reason' AS reason, occurrences FROM audit_log ORDER BY id").all()
    } finally {
      reader.close()
    }
  }
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('are written together once the batch timer fires', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path)
    const audit = new AuditLog(db, new ManualClock())
    for (let n = 0; n < 3; n++) audit.recordRepeated(failure(n))
    vi.advanceTimersByTime(REPEAT_WINDOW_MS - 1)
    expect(rows(path)).toEqual([])
    vi.advanceTimersByTime(1)
    expect(rows(path)).toEqual(['user0', 'user1', 'user2'])
    db.close()
  })

  it('are seen by a reader of the log before the timer fires', () => {
    const db = openDatabase(join(tempDir(), 'audit.db'))
    const audit = new AuditLog(db, new ManualClock())
    audit.recordRepeated(failure(1))
    expect(audit.list({ page: 1, page_size: 10, kind: 'proxy_auth.failure' }).items.map((e) => e.actor)).toEqual(['user1'])
    db.close()
  })

  it('are written when the database closes', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path)
    const audit = new AuditLog(db, new ManualClock())
    audit.recordRepeated(failure(1))
    db.close()
    expect(rows(path)).toEqual(['user1'])
  })

  it('stay queued while another process holds the write lock, and are written after it lets go', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path, { busyTimeoutMs: 0 })
    const errors: unknown[] = []
    const audit = new AuditLog(db, new ManualClock(), (error) => errors.push(error))
    const other = new BetterSqlite3(path)
    other.exec('BEGIN IMMEDIATE')
    audit.recordRepeated(failure(1))
    vi.advanceTimersByTime(REPEAT_WINDOW_MS)
    expect(errors).toEqual([expect.objectContaining({ code: 'SQLITE_BUSY' })])
    audit.recordRepeated(failure(2))
    other.exec('COMMIT')
    other.close()
    vi.advanceTimersByTime(REPEAT_WINDOW_MS)
    expect(rows(path)).toEqual(['user1', 'user2'])
    db.close()
  })

  it('count identical entries of one window into one row with the time of the first, and keep different ones and other windows apart', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path)
    const clock = new ManualClock(1_800_000_000)
    const audit = new AuditLog(db, clock)
    for (let n = 0; n < 3; n++) audit.recordRepeated(failure(1))
    clock.advance(5)
    for (let n = 0; n < 2; n++) audit.recordRepeated(failure(1))
    audit.recordRepeated({ ...failure(1), ip: '203.0.113.10' })
    audit.recordRepeated({ ...failure(1), detail: { reason: 'user_expired' } })
    audit.recordRepeated(failure(2))
    vi.advanceTimersByTime(REPEAT_WINDOW_MS)
    clock.advance(10)
    audit.recordRepeated(failure(1))
    db.close()
    expect(counted(path)).toEqual([
      { ts: 1_800_000_000, actor: 'user1', ip: '203.0.113.9', reason: 'wrong_password', occurrences: 5 },
      { ts: 1_800_000_005, actor: 'user1', ip: '203.0.113.10', reason: 'wrong_password', occurrences: 1 },
      { ts: 1_800_000_005, actor: 'user1', ip: '203.0.113.9', reason: 'user_expired', occurrences: 1 },
      { ts: 1_800_000_005, actor: 'user2', ip: '203.0.113.9', reason: 'wrong_password', occurrences: 1 },
      { ts: 1_800_000_015, actor: 'user1', ip: '203.0.113.9', reason: 'wrong_password', occurrences: 1 },
    ])
  })

  it('start a new row when the clock passes the window before its timer fires, so a row keeps the time of its entries', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path)
    const clock = new ManualClock(1_800_000_000)
    const audit = new AuditLog(db, clock)
    audit.recordRepeated(failure(1))
    clock.advance(AUDIT_REPEAT_WINDOW_SECONDS - 1)
    audit.recordRepeated(failure(1))
    clock.advance(1)
    audit.recordRepeated(failure(1))
    db.close()
    expect(counted(path)).toEqual([
      { ts: 1_800_000_000, actor: 'user1', ip: '203.0.113.9', reason: 'wrong_password', occurrences: 2 },
      { ts: 1_800_000_000 + AUDIT_REPEAT_WINDOW_SECONDS, actor: 'user1', ip: '203.0.113.9', reason: 'wrong_password', occurrences: 1 },
    ])
  })

  it('end a window early once it holds MAX_HELD_ENTRIES distinct entries, so a flood of new ones cannot grow memory', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path)
    const audit = new AuditLog(db, new ManualClock())
    for (let n = 0; n < MAX_HELD_ENTRIES - 1; n++) audit.recordRepeated(failure(n))
    expect(rows(path)).toHaveLength(0)
    audit.recordRepeated(failure(MAX_HELD_ENTRIES - 1))
    expect(rows(path)).toHaveLength(ROWS_PER_SLICE)
    audit.recordRepeated(failure(0))
    vi.runAllTimers()
    expect(rows(path)).toEqual([...Array.from({ length: MAX_HELD_ENTRIES }, (_, n) => `user${n}`), 'user0'])
    db.close()
  })

  it('write a batch that met a locked file later as it was, and count what arrived meanwhile in the next window', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path, { busyTimeoutMs: 0 })
    const audit = new AuditLog(db, new ManualClock(1_800_000_000), () => {})
    const other = new BetterSqlite3(path)
    other.exec('BEGIN IMMEDIATE')
    audit.recordRepeated(failure(1))
    vi.advanceTimersByTime(REPEAT_WINDOW_MS)
    audit.recordRepeated(failure(1))
    audit.recordRepeated(failure(1))
    other.exec('COMMIT')
    other.close()
    vi.advanceTimersByTime(REPEAT_WINDOW_MS)
    expect(counted(path)).toEqual([
      { ts: 1_800_000_000, actor: 'user1', ip: '203.0.113.9', reason: 'wrong_password', occurrences: 1 },
      { ts: 1_800_000_000, actor: 'user1', ip: '203.0.113.9', reason: 'wrong_password', occurrences: 2 },
    ])
    db.close()
  })

  it('write a large window in slices, one transaction per turn of the event loop, and all at once for a reader', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path)
    const audit = new AuditLog(db, new ManualClock())
    const total = ROWS_PER_SLICE * 2 + 50
    for (let n = 0; n < total; n++) audit.recordRepeated(failure(n))
    expect(rows(path)).toHaveLength(0)
    vi.advanceTimersToNextTimer()
    expect(rows(path)).toHaveLength(ROWS_PER_SLICE)
    vi.advanceTimersToNextTimer()
    expect(rows(path)).toHaveLength(ROWS_PER_SLICE * 2)
    audit.recordRepeated(failure(total))
    expect(audit.list({ page: 1, page_size: 1 }).total).toBe(total + 1)
    expect(rows(path)).toEqual(Array.from({ length: total + 1 }, (_, n) => `user${n}`))
    vi.runAllTimers()
    expect(rows(path)).toHaveLength(total + 1)
    db.close()
  })
})
