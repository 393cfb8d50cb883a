// Bench 4: a shared attribute changed on one record of a 1,000-record group, copied to the rest by the
// propagation triggers, against the baseline an application without them would run: one
// UPDATE … WHERE server_group = ? on a copy of the schema whose propagation triggers are dropped (its
// updated_at trigger stays, as it is no part of propagation). A copy without any trigger is shown for scale.
import { openBenchDatabase, type BenchDatabase } from './lib/benchDatabase'
import { percentile, timeMs } from './lib/stats'
import { round, type BenchResult } from './lib/benchResult'

const GROUP_SIZE = 1000
const ROUNDS = 300

function withGroup(name: string, dropTriggers: (name: string) => boolean): BenchDatabase {
  const bench = openBenchDatabase(name)
  const { sqlite } = bench.db
  const triggers = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'node_server'").pluck().all() as string[]
  for (const trigger of triggers.filter(dropTriggers)) sqlite.exec(`DROP TRIGGER ${trigger}`)
  const insert = sqlite.prepare("INSERT INTO node_server (ip_address, server_group, node_key, node_key_hash) VALUES (?, 'big', 'k', 'h')")
  bench.db.transaction(() => {
    for (let i = 0; i < GROUP_SIZE; i++) insert.run(`10.0.${i >> 8}.${i & 255}`)
  })
  return bench
}

export function benchPropagation(): BenchResult {
  const proxdesk = withGroup('propagation', () => false)
  const plain = withGroup('propagation-plain', (name) => name.startsWith('node_server_propagate_'))
  const bare = withGroup('propagation-bare', () => true)
  try {
    const oneRecord = proxdesk.db.sqlite.prepare("UPDATE node_server SET fee = ? WHERE id = (SELECT min(id) FROM node_server WHERE server_group = 'big')")
    const wholeGroup = (bench: BenchDatabase) => bench.db.sqlite.prepare("UPDATE node_server SET fee = ?, updated_at = unixepoch() WHERE server_group = 'big'")
    const ways = [
      { name: 'no triggers at all: UPDATE … WHERE server_group = ?', statement: wholeGroup(bare), samples: [] as number[] },
      { name: 'baseline: UPDATE … WHERE server_group = ? (schema without propagation)', statement: wholeGroup(plain), samples: [] as number[] },
      { name: 'proxdesk: UPDATE one record, triggers copy to the group', statement: oneRecord, samples: [] as number[] },
    ]
    // Interleaved, so every way sees the same machine conditions; each round sets a new value so every row changes.
    for (let fee = 1; fee <= ROUNDS; fee++) for (const way of ways) way.samples.push(timeMs(() => way.statement.run(fee)))
    const copied = proxdesk.db.sqlite.prepare('SELECT count(*) FROM node_server WHERE fee = ?').pluck().get(ROUNDS)
    if (copied !== GROUP_SIZE) throw new Error(`the triggers copied the fee to ${String(copied)} of ${GROUP_SIZE} records`)
    const stats = ways.map((way) => ({ way: way.name, p50_ms: percentile(way.samples, 50), p99_ms: percentile(way.samples, 99) }))
    const baseline = stats[1]!
    const measured = stats[2]!
    const ratio = measured.p50_ms / baseline.p50_ms
    return {
      id: 'propagation',
      title: `Group propagation: one shared attribute of a ${GROUP_SIZE.toLocaleString('en')}-record group (${ROUNDS} changes each)`,
      target: 'proxdesk / baseline ≤ 1.5 (p50)',
      met: ratio <= 1.5,
      ratio: round(ratio),
      table: {
        columns: ['way', 'p50 ms', 'p99 ms'],
        rows: [...stats.map((s) => [s.way, round(s.p50_ms, 3), round(s.p99_ms, 3)]), ['ratio proxdesk / baseline (p50)', round(ratio), '']],
      },
      figures: { group_size: GROUP_SIZE, rounds: ROUNDS, ways: stats, ratio },
    }
  } finally {
    for (const bench of [proxdesk, plain, bare]) bench.remove()
  }
}
