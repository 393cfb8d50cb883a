// Proxy-auth failures are audited in batches (AuditLog.recordDeferred): none may be lost or missed by a reader,
// whether the batch timer fires, a reader comes first, the database closes, or another process holds the lock.
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { AuditLog } from '../../src-main/core/audit/auditLog'
import { ManualClock } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'

const failure = (n: number) => ({ kind: 'proxy_auth.failure' as const, actor: `user${n}`, ip: '203.0.113.9', detail: { reason: 'wrong_password' } })

describe('deferred audit entries', () => {
  const tempDir = useTempDir()
  const rows = (path: string) => {
    const reader = new BetterSqlite3(path, { readonly: true })
    try {
      return reader.prepare("SELECT actor FROM audit_log WHERE kind = 'proxy_auth.failure' ORDER BY id").pluck().all()
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
    for (let n = 0; n < 3; n++) audit.recordDeferred(failure(n))
    expect(rows(path)).toEqual([])
    vi.advanceTimersByTime(5)
    expect(rows(path)).toEqual(['user0', 'user1', 'user2'])
    db.close()
  })

  it('are seen by a reader of the log before the timer fires', () => {
    const db = openDatabase(join(tempDir(), 'audit.db'))
    const audit = new AuditLog(db, new ManualClock())
    audit.recordDeferred(failure(1))
    expect(audit.list({ page: 1, page_size: 10, kind: 'proxy_auth.failure' }).items.map((e) => e.actor)).toEqual(['user1'])
    db.close()
  })

  it('are written when the database closes', () => {
    const path = join(tempDir(), 'audit.db')
    const db = openDatabase(path)
    const audit = new AuditLog(db, new ManualClock())
    audit.recordDeferred(failure(1))
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
    audit.recordDeferred(failure(1))
    vi.advanceTimersByTime(5)
    expect(errors).toEqual([expect.objectContaining({ code: 'SQLITE_BUSY' })])
    audit.recordDeferred(failure(2))
    other.exec('COMMIT')
    other.close()
    vi.advanceTimersByTime(1000)
    expect(rows(path)).toEqual(['user1', 'user2'])
    db.close()
  })
})
