import { afterEach, expect } from 'vitest'
import type { Database } from '../../src-main/core/db/database'
import type { PoolService } from '../../src-main/core/pools/poolService'
import type { CreatePoolInput } from '../../src-shared/domain/pools'
import { createPoolInput } from '../../src-shared/domain/pools'
import { excludedSlots } from '../../src-shared/poolLayout'
import { definitionOfRow } from '../../src-main/core/pools/poolDefinition'
import { openTestCore, adminCtx, type TestCore } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'

/** A fresh database file per test with the real services. */
export function usePoolCore(): () => TestCore {
  const tempDir = useTempDir()
  let core: TestCore | undefined
  afterEach(() => {
    core?.close()
    core = undefined
  })
  return () => {
    core ??= openTestCore(tempDir())
    return core
  }
}

/** Creates a pool from contract-shaped input (parsed as the dispatcher would) and returns its id. */
export function createPool(pools: PoolService, input: Record<string, unknown>): number {
  return pools.create(createPoolInput.parse(input) as CreatePoolInput, adminCtx).id
}

export function freeRangesOf(db: Database, poolId: number): Array<[number, number]> {
  return (db.sqlite.prepare('SELECT range_start, range_end FROM pool_free_ranges WHERE pool_id = ? ORDER BY range_start').raw().all(poolId) as Array<[number, number]>)
}

export function allocatedSlots(db: Database, poolId: number): number[] {
  return db.sqlite.prepare('SELECT slot FROM pool_allocations WHERE pool_id = ? ORDER BY slot').pluck().all(poolId) as number[]
}

/**
 * The allocator's invariant, slot by slot: free ranges are ordered, disjoint and never adjacent, and every slot
 * of the range is exactly one of free, allocated or excluded. Also checks the kept allocation count.
 */
export function expectConsistent(db: Database, poolId: number): void {
  const row = db.first(db.qb.selectFrom('pools').selectAll().where('id', '=', poolId))!
  const ranges = freeRangesOf(db, poolId)
  ranges.forEach(([start, end], index) => {
    expect(end).toBeGreaterThanOrEqual(start)
    if (index > 0) expect(start, 'ranges overlap or touch').toBeGreaterThan(ranges[index - 1]![1] + 1)
  })
  const allocated = allocatedSlots(db, poolId)
  expect(row.allocated_count).toBe(allocated.length)
  const state = new Map<number, string>()
  const mark = (slot: number, what: string) => {
    if (slot < row.first_slot || slot > row.last_slot) throw new Error(`${what} slot ${slot} lies outside the pool`)
    if (state.has(slot)) throw new Error(`slot ${slot} is both ${state.get(slot)} and ${what}`)
    state.set(slot, what)
  }
  for (const [start, end] of ranges) for (let slot = start; slot <= end; slot++) mark(slot, 'free')
  for (const slot of allocated) mark(slot, 'allocated')
  for (const slot of excludedSlots(definitionOfRow(row).layout)) mark(slot, 'excluded')
  expect(state.size, 'slots that are neither free, allocated nor excluded').toBe(row.last_slot - row.first_slot + 1)
}

/** The AppError code and fields a call throws. */
export function failureOf(call: () => unknown): { code: string; fields?: Record<string, string> } {
  try {
    call()
  } catch (error) {
    const { code, fields } = error as { code: string; fields?: Record<string, string> }
    return { code, fields }
  }
  throw new Error('expected the call to fail')
}
