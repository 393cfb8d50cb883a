// Allocation cost must not grow with fullness. Instead of timing it, check how SQLite answers each statement on
// the allocate/release path: a seek on both primary-key columns, never a walk over all of a pool's rows.
import { describe, expect, it } from 'vitest'
import type { Compilable } from 'kysely'
import { FREE_RANGE_SQL } from '../../src-main/core/pools/freeRanges'
import { usePoolCore } from './poolFixtures'

const SEEK_BY_START = /^SEARCH pool_free_ranges USING PRIMARY KEY \(pool_id=\? AND range_start[<>=]\?\)$/

describe('allocation query plans', () => {
  const core = usePoolCore()

  it('seek one interval by (pool_id, range_start), or the first of a pool in key order', () => {
    const { db } = core().services
    const plan = (sql: string) => {
      const parameters = Array.from({ length: sql.split('?').length - 1 }, () => 1)
      return (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as Array<{ detail: string }>).map((row) => row.detail)
    }
    expect(plan(FREE_RANGE_SQL.lowest)).toEqual(['SEARCH pool_free_ranges USING PRIMARY KEY (pool_id=?)'])
    for (const sql of [FREE_RANGE_SQL.after, FREE_RANGE_SQL.atOrBefore, FREE_RANGE_SQL.startingAt, FREE_RANGE_SQL.setStart, FREE_RANGE_SQL.setEnd, FREE_RANGE_SQL.remove]) {
      expect(plan(sql), sql).toEqual([expect.stringMatching(SEEK_BY_START)])
    }
  })

  it('find a pool, an allocation and an owner’s allocations by key', () => {
    const { db } = core().services
    const plan = (query: Compilable<unknown>) => {
      const compiled = query.compile()
      return (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as Array<{ detail: string }>).map((row) => row.detail)
    }
    expect(plan(db.qb.selectFrom('pools').selectAll().where('id', '=', 1))).toEqual([expect.stringMatching(/USING INTEGER PRIMARY KEY \(rowid=\?\)/)])
    const holder = db.qb.selectFrom('pool_allocations').select('owner').where('pool_id', '=', 1).where('slot', '=', 1)
    expect(plan(holder)).toEqual([expect.stringMatching(/USING PRIMARY KEY \(pool_id=\? AND slot=\?\)/)])
    const release = db.qb.deleteFrom('pool_allocations').where('pool_id', '=', 1).where('slot', '=', 1).where('owner', '=', 'o')
    expect(plan(release)).toEqual([expect.stringMatching(/USING PRIMARY KEY \(pool_id=\? AND slot=\?\)/)])
    expect(plan(db.qb.selectFrom('pool_allocations').select('slot').where('owner', '=', 'o'))).toEqual([expect.stringMatching(/USING COVERING INDEX ix_pool_allocations_owner \(owner=\?\)/)])
  })
})
