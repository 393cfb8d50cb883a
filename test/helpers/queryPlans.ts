// The statements a service call runs and how SQLite answers each, for plan tests and the listing benchmark.
import type { Compilable } from 'kysely'
import type { Database } from '../../src-main/core/db/database'

export interface Statement {
  sql: string
  parameters: readonly unknown[]
}

/** The statements `call` runs through Database.all/first, caught where they are compiled. */
export function statementsOf(db: Database, call: () => unknown): Statement[] {
  const caught: Statement[] = []
  const target = db as unknown as Record<'all' | 'first', (query: Compilable<unknown>) => unknown>
  const spy = (original: (query: Compilable<unknown>) => unknown) => (query: Compilable<unknown>) => {
    const compiled = query.compile()
    caught.push({ sql: compiled.sql, parameters: compiled.parameters })
    return original.call(db, query)
  }
  target.all = spy(target.all)
  target.first = spy(target.first)
  try {
    call()
  } finally {
    delete (target as Partial<typeof target>).all
    delete (target as Partial<typeof target>).first
  }
  return caught
}

export function planOf(db: Database, statement: Statement): string[] {
  const rows = db.sqlite.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...(statement.parameters as unknown[])) as Array<{ detail: string }>
  return rows.map((row) => row.detail)
}

/** SCAN of a table, or of a whole index, instead of a SEARCH on a key range. */
export function isFullScan(detail: string): boolean {
  return /^SCAN \w+/.test(detail)
}
