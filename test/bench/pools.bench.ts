// Allocation cost against fullness: allocate + release in a nearly empty pool (the baseline) and in a nearly
// full one whose free slots are scattered, for a 60,000-port pool and a /16. Free intervals keep both O(log n).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, bench, describe } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { createServices } from '../../src-main/core/services'
import { createPoolInput, type CreatePoolInput } from '../../src-shared/domain/pools'
import { adminCtx, TEST_KEY } from '../helpers/testServices'

/** In a nearly full pool every this-many-th slot is left free, so free space is scattered over many intervals. */
const FREE_EVERY = 60
const NEARLY_EMPTY_ALLOCATED = 100

const dir = mkdtempSync(join(tmpdir(), 'proxdesk-bench-'))
const db = openDatabase(join(dir, 'bench.db'))
const { pools } = createServices({ db, secretKey: TEST_KEY, logger: pino({ level: 'silent' }), publicUrl: 'https://bench.example.com' })

function poolOf(input: Record<string, unknown>): number {
  return pools.create(createPoolInput.parse(input) as CreatePoolInput, adminCtx).id
}

function fillNearlyFull(poolId: number): void {
  db.transaction(() => {
    const slots: number[] = []
    for (;;) {
      try {
        slots.push(pools.allocate(poolId, 'filler').slot)
      } catch {
        break
      }
    }
    slots.forEach((slot, index) => {
      if (index % FREE_EVERY === 0) pools.release(poolId, slot, 'filler')
    })
  })
}

function fillNearlyEmpty(poolId: number): void {
  db.transaction(() => {
    for (let n = 0; n < NEARLY_EMPTY_ALLOCATED; n++) pools.allocate(poolId, 'filler')
  })
}

const portsEmpty = poolOf({ kind: 'port', name: 'ports-empty', first: 1025, last: 61_024 })
const portsFull = poolOf({ kind: 'port', name: 'ports-full', first: 1025, last: 61_024 })
const lanEmpty = poolOf({ kind: 'ipv4', name: 'lan-empty', cidr: '10.1.0.0/16', gateway: '10.1.0.1' })
const lanFull = poolOf({ kind: 'ipv4', name: 'lan-full', cidr: '10.2.0.0/16', gateway: '10.2.0.1' })
fillNearlyEmpty(portsEmpty)
fillNearlyEmpty(lanEmpty)
fillNearlyFull(portsFull)
fillNearlyFull(lanFull)

function allocateAndRelease(poolId: number): void {
  const allocation = pools.allocate(poolId, 'bench')
  pools.release(poolId, allocation.slot, 'bench')
}

afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('allocate + release one port in a 60,000-port pool', () => {
  bench(`baseline: nearly empty (${NEARLY_EMPTY_ALLOCATED} allocated)`, () => allocateAndRelease(portsEmpty))
  bench(`proxdesk: nearly full (1 in ${FREE_EVERY} free, scattered)`, () => allocateAndRelease(portsFull))
})

describe('allocate + release one address in a /16', () => {
  bench(`baseline: nearly empty (${NEARLY_EMPTY_ALLOCATED} allocated)`, () => allocateAndRelease(lanEmpty))
  bench(`proxdesk: nearly full (1 in ${FREE_EVERY} free, scattered)`, () => allocateAndRelease(lanFull))
})
