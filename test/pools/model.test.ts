// The interval bookkeeping against the simplest possible model: a set of free slots, lowest first.
import { describe, expect, it } from 'vitest'
import { createPool, expectConsistent, failureOf, usePoolCore } from './poolFixtures'

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays exactly. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

describe('free ranges against a model', () => {
  const core = usePoolCore()

  it.each([1, 2, 3])('agree over 1500 random allocations, requests, skips and releases (seed %i)', (seed) => {
    const { pools, db } = core().services
    const first = 2000
    const last = 2063
    const reserved = [2000, 2017, 2018, 2063]
    const id = createPool(pools, { kind: 'port', name: `model-${seed}`, first, last, reserved })
    const free = new Set<number>()
    for (let slot = first; slot <= last; slot++) if (!reserved.includes(slot)) free.add(slot)
    const held = new Map<number, string>()
    const next = random(seed)
    const pick = () => first + Math.floor(next() * (last - first + 1))
    let exhausted = 0

    for (let step = 0; step < 1500; step++) {
      if (step % 25 === 0) expectConsistent(db, id)
      const roll = next()
      const owner = `o${step}`
      if (roll < 0.35) {
        if (free.size === 0) {
          expect(failureOf(() => pools.allocate(id, owner)).code).toBe('POOL_EXHAUSTED')
          exhausted++
        } else {
          const lowest = Math.min(...free)
          expect(pools.allocate(id, owner).slot).toBe(lowest)
          free.delete(lowest)
          held.set(lowest, owner)
        }
      } else if (roll < 0.5) {
        const taken = new Set(Array.from({ length: 6 }, pick))
        const expected = [...free].filter((slot) => !taken.has(slot)).sort((a, b) => a - b)[0]
        if (expected === undefined) expect(failureOf(() => pools.allocate(id, owner, { taken })).code).toBe('POOL_EXHAUSTED')
        else {
          expect(pools.allocate(id, owner, { taken }).slot).toBe(expected)
          free.delete(expected)
          held.set(expected, owner)
        }
      } else if (roll < 0.65) {
        const slot = pick()
        if (free.has(slot)) {
          expect(pools.allocate(id, owner, { requested: slot }).slot).toBe(slot)
          free.delete(slot)
          held.set(slot, owner)
        } else {
          expect(failureOf(() => pools.allocate(id, owner, { requested: slot })).code).toBe(held.has(slot) ? 'CONFLICT' : 'VALIDATION')
        }
      } else {
        const slot = pick()
        const holder = held.get(slot)
        expect(pools.release(id, slot, holder ?? owner)).toBe(holder !== undefined)
        if (holder !== undefined) {
          held.delete(slot)
          free.add(slot)
        }
      }
    }
    // The run must have reached the edge where the pool is full, or it proved less than it claims.
    expect(exhausted).toBeGreaterThan(0)
    expect(pools.get(id).usage).toEqual({ size: 60, used: held.size, free: free.size })
    expectConsistent(db, id)
  })
})
