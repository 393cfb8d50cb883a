// A pool's free slots as disjoint, non-adjacent intervals in pool_free_ranges. Every statement here seeks the
// primary key (pool_id, range_start), so each operation costs O(log n) however full or fragmented the pool is.
// The interval before a slot is the one with the greatest start at or below it, which is why no second index
// on range_end is needed. Callers run these inside a transaction.
import type { Database } from '../db/database'

export interface FreeRange {
  range_start: number
  range_end: number
}

export const FREE_RANGE_SQL = {
  lowest: 'SELECT range_start, range_end FROM pool_free_ranges WHERE pool_id = ? ORDER BY range_start LIMIT 1',
  after: 'SELECT range_start, range_end FROM pool_free_ranges WHERE pool_id = ? AND range_start > ? ORDER BY range_start LIMIT 1',
  atOrBefore: 'SELECT range_start, range_end FROM pool_free_ranges WHERE pool_id = ? AND range_start <= ? ORDER BY range_start DESC LIMIT 1',
  startingAt: 'SELECT range_start, range_end FROM pool_free_ranges WHERE pool_id = ? AND range_start = ?',
  insert: 'INSERT INTO pool_free_ranges (pool_id, range_start, range_end) VALUES (?, ?, ?)',
  setStart: 'UPDATE pool_free_ranges SET range_start = ? WHERE pool_id = ? AND range_start = ?',
  setEnd: 'UPDATE pool_free_ranges SET range_end = ? WHERE pool_id = ? AND range_start = ?',
  remove: 'DELETE FROM pool_free_ranges WHERE pool_id = ? AND range_start = ?',
  removeAll: 'DELETE FROM pool_free_ranges WHERE pool_id = ?',
} as const

/** The gaps of [first, last] around `blocked`, which must be ascending (repeats allowed). */
export function* complementOf(first: number, last: number, blocked: Iterable<number>): Generator<FreeRange> {
  let next = first
  for (const slot of blocked) {
    if (slot > last) break
    if (slot < next) continue
    if (slot > next) yield { range_start: next, range_end: slot - 1 }
    next = slot + 1
  }
  if (next <= last) yield { range_start: next, range_end: last }
}

/** Two ascending sequences as one, read lazily so a huge pool's allocations never sit in memory at once. */
export function* mergeAscending(a: Iterable<number>, b: Iterable<number>): Generator<number> {
  const left = a[Symbol.iterator]()
  const right = b[Symbol.iterator]()
  let x = left.next()
  let y = right.next()
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value <= y.value)) {
      yield x.value
      x = left.next()
    } else {
      yield y.value
      y = right.next()
    }
  }
}

export class FreeRanges {
  constructor(private readonly db: Database) {}

  private get(sql: string, ...params: number[]): FreeRange | undefined {
    return this.db.prepare(sql).get(...params) as FreeRange | undefined
  }

  lowest(poolId: number): FreeRange | undefined {
    return this.get(FREE_RANGE_SQL.lowest, poolId)
  }

  /** The lowest free slot that is not in `skip`, walking ranges in order. */
  lowestNotIn(poolId: number, skip: ReadonlySet<number>): { range: FreeRange; slot: number } | undefined {
    // Every slot stepped over is a distinct member of skip and every range passed whole holds at least one,
    // so the walk is bounded by skip.size, never by the size of the pool.
    for (let range = this.lowest(poolId); range; range = this.after(poolId, range.range_start)) {
      let slot = range.range_start
      while (slot <= range.range_end && skip.has(slot)) slot++
      if (slot <= range.range_end) return { range, slot }
    }
    return undefined
  }

  /** The next free range above the one starting at `start`. */
  after(poolId: number, start: number): FreeRange | undefined {
    return this.get(FREE_RANGE_SQL.after, poolId, start)
  }

  containing(poolId: number, slot: number): FreeRange | undefined {
    const range = this.get(FREE_RANGE_SQL.atOrBefore, poolId, slot)
    return range && range.range_end >= slot ? range : undefined
  }

  /** Removes one slot from the free range holding it, shrinking or splitting that range. */
  take(poolId: number, range: FreeRange, slot: number): void {
    const { range_start: start, range_end: end } = range
    if (start === end) this.db.prepare(FREE_RANGE_SQL.remove).run(poolId, start)
    else if (slot === start) this.db.prepare(FREE_RANGE_SQL.setStart).run(slot + 1, poolId, start)
    else {
      this.db.prepare(FREE_RANGE_SQL.setEnd).run(slot - 1, poolId, start)
      if (slot < end) this.db.prepare(FREE_RANGE_SQL.insert).run(poolId, slot + 1, end)
    }
  }

  /** Marks a slot free again, merging it with the ranges just below and above so they stay non-adjacent. */
  giveBack(poolId: number, slot: number): void {
    const below = this.get(FREE_RANGE_SQL.atOrBefore, poolId, slot - 1)
    const joinsBelow = below !== undefined && below.range_end === slot - 1
    const above = this.get(FREE_RANGE_SQL.startingAt, poolId, slot + 1)
    if (above) this.db.prepare(FREE_RANGE_SQL.remove).run(poolId, above.range_start)
    const end = above ? above.range_end : slot
    if (joinsBelow) this.db.prepare(FREE_RANGE_SQL.setEnd).run(end, poolId, below.range_start)
    else this.db.prepare(FREE_RANGE_SQL.insert).run(poolId, slot, end)
  }

  replaceAll(poolId: number, ranges: readonly FreeRange[]): void {
    this.db.prepare(FREE_RANGE_SQL.removeAll).run(poolId)
    const insert = this.db.prepare(FREE_RANGE_SQL.insert)
    for (const range of ranges) insert.run(poolId, range.range_start, range.range_end)
  }
}
