// Bench 2: allocation cost against fullness. Every slot of a 60,000-port pool and of a /16 is allocated one at
// a time, each in its own transaction as containers get them; the first 1,000 (the baseline) and the last
// 1,000 are timed.
import { createPoolInput, type CreatePoolInput } from '../../src-shared/domain/pools'
import { openBenchDatabase } from './lib/benchDatabase'
import { round, type BenchResult } from './lib/benchResult'

const TIMED = 1000
const ACTOR = { actor: { id: null, username: 'bench', permission: 'admin' as const }, ip: null }

interface PoolRun {
  pool: string
  size: number
  firstMs: number
  lastMs: number
}

export function benchAllocators(): BenchResult {
  const bench = openBenchDatabase('allocators')
  try {
    const { pools } = bench.services
    const fill = (name: string, input: Record<string, unknown>): PoolRun => {
      const pool = pools.create(createPoolInput.parse(input) as CreatePoolInput, ACTOR)
      const size = pool.usage.free
      const times: number[] = []
      for (let n = 0; n < size; n++) {
        const start = process.hrtime.bigint()
        pools.allocate(pool.id, `bench:${n}`)
        times.push(Number(process.hrtime.bigint() - start) / 1e6)
      }
      if (pools.get(pool.id).usage.free !== 0) throw new Error(`${name} is not full after ${size} allocations`)
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
      return { pool: name, size, firstMs: sum(times.slice(0, TIMED)), lastMs: sum(times.slice(-TIMED)) }
    }
    // A throwaway pool first, so the JIT warm-up does not land in the first pool's baseline.
    fill('warm-up', { kind: 'vmid', name: 'warm-up', first: 100, last: 100 + 2 * TIMED })
    const runs = [
      fill('60,000 ports (1025–61024)', { kind: 'port', name: 'ports', first: 1025, last: 61_024 }),
      fill('IPv4 /16 (10.8.0.0/16, gateway .0.1)', { kind: 'ipv4', name: 'lan', cidr: '10.8.0.0/16', gateway: '10.8.0.1' }),
    ]
    const ratios = runs.map((r) => r.lastMs / r.firstMs)
    const worst = Math.max(...ratios)
    return {
      id: 'allocators',
      title: `Allocators: the first and the last ${TIMED.toLocaleString('en')} allocations until the pool is full`,
      target: 'last / first ≤ 1.5',
      met: worst <= 1.5,
      ratio: round(worst),
      table: {
        columns: ['pool', 'slots', `first ${TIMED} ms`, `last ${TIMED} ms`, 'µs per allocation (last)', 'last / first'],
        rows: runs.map((r, i) => [r.pool, r.size, round(r.firstMs), round(r.lastMs), round((r.lastMs / TIMED) * 1000, 1), round(ratios[i]!)]),
      },
      figures: { timed: TIMED, runs: runs.map((r, i) => ({ ...r, ratio: ratios[i] })) },
    }
  } finally {
    bench.remove()
  }
}
