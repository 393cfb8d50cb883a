// A small migrator on PRAGMA user_version instead of kysely's Migrator: it runs synchronously inside one
// BEGIN IMMEDIATE transaction, so several processes opening the same file at once cannot both migrate.
import { existsSync } from 'node:fs'
import type BetterSqlite3 from 'better-sqlite3'
import type { Migration } from './migrations/migration'

export interface MigrationReport {
  from: number
  to: number
  backupPath: string | null
}

function schemaVersion(sqlite: BetterSqlite3.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number
}

function backupPathFor(dbPath: string, version: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  let candidate = `${dbPath}.v${version}-${stamp}.bak`
  for (let n = 1; existsSync(candidate); n++) candidate = `${dbPath}.v${version}-${stamp}-${n}.bak`
  return candidate
}

export function migrate(sqlite: BetterSqlite3.Database, dbPath: string, migrations: readonly Migration[]): MigrationReport {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0)
  const from = schemaVersion(sqlite)
  if (from > latest) {
    throw new Error(`database schema version ${from} is newer than this proxdesk understands (${latest}); upgrade proxdesk`)
  }
  if (from === latest) return { from, to: from, backupPath: null }
  if (from === 0) {
    const foreign = sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number }
    if (foreign.n > 0) throw new Error(`${dbPath} holds tables but no proxdesk schema version; refusing to touch it`)
  }
  let backupPath: string | null = null
  if (from > 0 && dbPath !== ':memory:') {
    backupPath = backupPathFor(dbPath, from)
    sqlite.prepare('VACUUM INTO ?').run(backupPath)
  }
  sqlite
    .transaction(() => {
      // Re-read under the write lock: another process may have migrated meanwhile.
      const current = schemaVersion(sqlite)
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (migration.version <= current) continue
        sqlite.exec(migration.sql)
        sqlite.pragma(`user_version = ${migration.version}`)
      }
    })
    .immediate()
  return { from, to: schemaVersion(sqlite), backupPath }
}
