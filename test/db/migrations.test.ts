import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { MIGRATIONS } from '../../src-main/core/db/migrations/index'
import { useTempDir } from '../helpers/tempDir'

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version))

describe('opening a database', () => {
  const tempDir = useTempDir()

  it('creates the whole schema in an empty file and sets the connection pragmas', () => {
    const db = openDatabase(join(tempDir(), 'fresh.db'))
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST)
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
      const tables = db.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all()
      expect(tables).toEqual(['audit_log', 'auth_generation', 'container_steps', 'containers', 'meta', 'nat_mappings', 'node_server', 'plans', 'pool_allocations', 'pool_free_ranges', 'pools', 'pve_connections', 'routers', 'sessions', 'users'])
      expect(db.migration).toEqual({ from: 0, to: LATEST, backupPath: null })
      expect(readdirSync(tempDir()).some((f) => f.endsWith('.bak'))).toBe(false)
    } finally {
      db.close()
    }
  })

  it('upgrades a previous version in place after writing a backup, keeping the data', () => {
    const path = join(tempDir(), 'old.db')
    const v1 = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version === 1) })
    v1.sqlite
      .prepare("INSERT INTO users (username, proxy_password, sub_token, sub_token_hash, login_password_md5) VALUES ('legacy', 'x', 'y', 'z', ?)")
      .run('5f4dcc3b5aa765d61d8327deb882cf99')
    v1.close()

    const upgraded = openDatabase(path)
    try {
      expect(upgraded.migration.from).toBe(1)
      expect(upgraded.migration.to).toBe(LATEST)
      expect(upgraded.sqlite.prepare('SELECT username FROM users').pluck().all()).toEqual(['legacy'])
      const backupPath = upgraded.migration.backupPath!
      expect(existsSync(backupPath)).toBe(true)
      const backup = new BetterSqlite3(backupPath, { readonly: true })
      expect(backup.pragma('user_version', { simple: true })).toBe(1)
      expect(backup.prepare('SELECT username FROM users').pluck().all()).toEqual(['legacy'])
      backup.close()
      // The new tables work with the old rows: a session for the legacy user.
      upgraded.sqlite.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('h', 1, 0, 1)").run()
    } finally {
      upgraded.close()
    }
  })

  it('does nothing and writes no backup when the schema is current', () => {
    const path = join(tempDir(), 'current.db')
    openDatabase(path).close()
    const again = openDatabase(path)
    again.close()
    expect(again.migration).toEqual({ from: LATEST, to: LATEST, backupPath: null })
    expect(readdirSync(tempDir()).filter((f) => f.endsWith('.bak'))).toEqual([])
  })

  it('refuses a database written by a newer proxdesk', () => {
    const path = join(tempDir(), 'future.db')
    const raw = new BetterSqlite3(path)
    raw.pragma(`user_version = ${LATEST + 1}`)
    raw.close()
    expect(() => openDatabase(path)).toThrow(/newer than this proxdesk/)
  })

  it('refuses a foreign SQLite file instead of adding tables to it', () => {
    const path = join(tempDir(), 'foreign.db')
    const raw = new BetterSqlite3(path)
    raw.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)')
    raw.close()
    expect(() => openDatabase(path)).toThrow(/no proxdesk schema version/)
  })

  it('rolls back a failing migration completely', () => {
    const path = join(tempDir(), 'broken.db')
    const broken = [...MIGRATIONS, { version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); SELECT no_such_function();' }]
    expect(() => openDatabase(path, { migrations: broken })).toThrow(/no_such_function/)
    const raw = new BetterSqlite3(path)
    expect(raw.pragma('user_version', { simple: true })).toBe(0)
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").pluck().get()).toBe(0)
    raw.close()
  })
})
