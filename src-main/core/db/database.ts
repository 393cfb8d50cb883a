// better-sqlite3 runs queries synchronously; kysely only builds and types them. Keeping execution
// synchronous makes a transaction one uninterrupted block (BEGIN IMMEDIATE ... COMMIT) with no awaits inside.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type InferResult,
} from 'kysely'
import type { DB } from './schema'
import { MIGRATIONS, type Migration } from './migrations/index'
import { migrate, type MigrationReport } from './migrator'

const STATEMENT_CACHE_LIMIT = 512

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[]
  /** Milliseconds a writer waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number
  /** A better_sqlite3.node built for another runtime: the desktop app passes its Electron build (see README). */
  nativeBinding?: string
}

export class Database {
  readonly qb: Kysely<DB>
  readonly migration: MigrationReport
  private readonly statements = new Map<string, BetterSqlite3.Statement>()
  private readonly closeHooks: Array<() => void> = []

  constructor(
    readonly sqlite: BetterSqlite3.Database,
    readonly path: string,
    migrations: readonly Migration[],
  ) {
    this.qb = new Kysely<DB>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    })
    this.migration = migrate(sqlite, path, migrations)
  }

  /** A cached prepared statement, for hot paths that skip the query builder. */
  prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear()
      statement = this.sqlite.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  all<Q extends Compilable<unknown>>(query: Q): InferResult<Q> {
    const compiled = query.compile()
    return this.prepare(compiled.sql).all(...(compiled.parameters as unknown[])) as InferResult<Q>
  }

  first<Q extends Compilable<unknown>>(query: Q): InferResult<Q>[number] | undefined {
    const compiled = query.compile()
    return this.prepare(compiled.sql).get(...(compiled.parameters as unknown[])) as InferResult<Q>[number] | undefined
  }

  run(query: Compilable<unknown>): BetterSqlite3.RunResult {
    const compiled = query.compile()
    return this.prepare(compiled.sql).run(...(compiled.parameters as unknown[]))
  }

  /** Runs fn inside BEGIN IMMEDIATE: the write lock is taken up front, so concurrent writers queue instead of failing. */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate()
  }

  /** Runs before the connection closes, so writes buffered in memory (deferred audit entries) reach the file. */
  beforeClose(hook: () => void): void {
    this.closeHooks.push(hook)
  }

  close(): void {
    try {
      for (const hook of this.closeHooks.splice(0)) hook()
    } finally {
      this.statements.clear()
      this.sqlite.close()
    }
  }
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const sqlite = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('recursive_triggers = OFF')
    return new Database(sqlite, path, options.migrations ?? MIGRATIONS)
  } catch (error) {
    sqlite.close()
    throw error
  }
}
