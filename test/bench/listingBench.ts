// Bench 5: the paged user and node lists at 100,000 users and 100,000 node records, once per REST filter:
// p50/p99 of the service call (count + page + views), and the query plan of every statement it runs.
import { listUsersInput } from '../../src-shared/domain/users'
import { listNodesInput } from '../../src-shared/domain/nodes'
import { hashPassword } from '../../src-main/core/auth/passwords'
import { systemClock } from '../../src-main/core/clock'
import { isFullScan, planOf, statementsOf } from '../helpers/queryPlans'
import { openBenchDatabase } from './lib/benchDatabase'
import { seedNodes, seedUsers } from './lib/seed'
import { percentile, timeMs } from './lib/stats'
import { round, type BenchResult } from './lib/benchResult'

const USERS = 100_000
const NODES = 100_000
const NODE_GROUP_SIZE = 10
const CALLS_PER_FILTER = 200
const PAGE_SIZE = 50
const DAY = 86_400

interface ListCase {
  list: 'users' | 'nodes'
  filter: string
  /** The n-th call's input, so values and pages vary from call to call. */
  input(n: number): Record<string, unknown>
  run(input: Record<string, unknown>): unknown
}

export async function benchListing(): Promise<BenchResult> {
  const bench = openBenchDatabase('listing')
  try {
    const { db, services, cipher } = bench
    const now = systemClock.now()
    seedUsers(db, cipher, USERS, now, await hashPassword('bench-login-password'))
    const groups = seedNodes(db, cipher, NODES, NODE_GROUP_SIZE, now)
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const page = (n: number) => ({ page: 1 + (n % 4), page_size: PAGE_SIZE })
    // Inputs go through the contract's schemas, so defaults (sort order and the like) are the REST API's.
    const users = (input: Record<string, unknown>) => services.users.list(listUsersInput.parse(input))
    const nodes = (input: Record<string, unknown>) => services.nodes.list(listNodesInput.parse(input), true)
    const cases: ListCase[] = [
      // Expiry dates in the seed reach a year ahead, so the later expire_after values match nothing at all.
      { list: 'users', filter: '(none)', input: page, run: users },
      { list: 'users', filter: 'q (username prefix)', input: (n) => ({ ...page(n), q: `user0${String(n % 100).padStart(2, '0')}` }), run: users },
      { list: 'users', filter: 'permission', input: (n) => ({ ...page(n), permission: n % 2 ? 'admin' : 'user' }), run: users },
      { list: 'users', filter: 'is_active', input: (n) => ({ ...page(n), is_active: n % 2 === 0 }), run: users },
      { list: 'nodes', filter: '(none)', input: page, run: nodes },
      { list: 'nodes', filter: 'server_group', input: (n) => ({ ...page(0), server_group: groups[(n * 37) % groups.length]!.serverGroup }), run: nodes },
      { list: 'nodes', filter: 'ip_address', input: (n) => ({ ...page(0), ip_address: `10.${(n * 7919) >> 16 & 1}.${((n * 7919) >> 8) & 255}.${(n * 7919) & 255}` }), run: nodes },
      { list: 'nodes', filter: 'domain', input: (n) => ({ ...page(0), domain: `node${n * 3 * 97}.example.net` }), run: nodes },
      { list: 'nodes', filter: 'is_active', input: (n) => ({ ...page(n), is_active: n % 2 === 0 }), run: nodes },
      { list: 'nodes', filter: 'expire_before', input: (n) => ({ ...page(n), expire_before: now + ((n % 12) + 1) * 30 * DAY }), run: nodes },
      { list: 'nodes', filter: 'expire_after', input: (n) => ({ ...page(n), expire_after: now + (n % 14) * 30 * DAY }), run: nodes },
      { list: 'nodes', filter: 'plain user (active only)', input: page, run: (input) => services.nodes.list(listNodesInput.parse(input), false) },
    ]
    const measured = cases.map((c) => {
      const plans = statementsOf(db, () => c.run(c.input(0))).map((statement) => planOf(db, statement))
      const samples = Array.from({ length: CALLS_PER_FILTER }, (_, n) => {
        const input = c.input(n)
        return timeMs(() => c.run(input))
      })
      const filtered = c.filter !== '(none)'
      return { list: c.list, filter: c.filter, p50_ms: percentile(samples, 50), p99_ms: percentile(samples, 99), plans, full_scan: plans.flat().some(isFullScan), filtered }
    })
    const scanningFilters = measured.filter((m) => m.filtered && m.full_scan)
    return {
      id: 'listing',
      title: `Paged lists at ${USERS.toLocaleString('en')} users and ${NODES.toLocaleString('en')} node records (page size ${PAGE_SIZE}, ${CALLS_PER_FILTER} calls per filter)`,
      target: 'an index for every filter (no full scan); p50/p99 reported',
      met: scanningFilters.length === 0,
      table: {
        columns: ['list', 'filter', 'p50 ms', 'p99 ms', 'query plan (count; page)'],
        rows: measured.map((m) => [m.list, m.filter, round(m.p50_ms), round(m.p99_ms), m.plans.map((plan) => plan.join(', ')).join('; ')]),
      },
      figures: { users: USERS, nodes: NODES, page_size: PAGE_SIZE, calls_per_filter: CALLS_PER_FILTER, results: measured },
      notes: scanningFilters.length ? [`full scans: ${scanningFilters.map((m) => `${m.list} ${m.filter}`).join(', ')}`] : [],
    }
  } finally {
    bench.remove()
  }
}
