// Bench 3: 8 processes allocating 2,000 ports each from one database file at once, from a pool 1,000 ports too
// small, against one process making all 16,000 calls alone (the baseline). Every slot must be handed out exactly
// once and every failure must be POOL_EXHAUSTED.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createPoolInput, type CreatePoolInput } from '../../../src-shared/domain/pools'
import { openBenchDatabase } from '../lib/benchDatabase'
import { REPO } from '../lib/serverProcess'
import { round, type BenchResult } from '../lib/benchResult'
import type { BurstReport } from './allocateBurstWorker'

const WORKERS = 8
const PER_WORKER = 2000
const POOL_SIZE = WORKERS * PER_WORKER - 1000
const FIRST_PORT = 20_000

interface Outcome {
  ms: number
  reports: BurstReport[]
}

/** Starts `workers` processes, lets them all open the file, then starts them at the same moment. */
async function burst(dbPath: string, poolId: number, workers: number, perWorker: number): Promise<Outcome> {
  const children = Array.from({ length: workers }, (_, n) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'allocateBurstWorker.ts'), dbPath, `w${n}`, String(poolId), String(perWorker)], {
      cwd: REPO,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO, 'tsconfig.node.json') },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const lines: string[] = []
    let pending = ''
    const lineArrived = () =>
      new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve())
        child.once('exit', (code) => reject(new Error(`worker w${n} exited with ${code}`)))
      })
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const parts = pending.split('\n')
      pending = parts.pop()!
      lines.push(...parts)
    })
    const line = async (index: number) => {
      while (lines.length <= index) await lineArrived()
      return lines[index]!
    }
    return { child, line }
  })
  try {
    for (const worker of children) if ((await worker.line(0)) !== 'ready') throw new Error('worker did not get ready')
    const start = performance.now()
    for (const worker of children) worker.child.stdin.write('go\n')
    const reports = await Promise.all(children.map(async (worker) => JSON.parse(await worker.line(1)) as BurstReport))
    return { ms: performance.now() - start, reports }
  } finally {
    for (const worker of children) if (worker.child.exitCode === null) worker.child.kill()
  }
}

function newPortPool(): { bench: ReturnType<typeof openBenchDatabase>; poolId: number } {
  const bench = openBenchDatabase('concurrency')
  const input = createPoolInput.parse({ kind: 'port', name: 'wan', first: FIRST_PORT, last: FIRST_PORT + POOL_SIZE - 1 }) as CreatePoolInput
  const poolId = bench.services.pools.create(input, { actor: { id: null, username: 'bench', permission: 'admin' }, ip: null }).id
  return { bench, poolId }
}

export async function benchConcurrency(): Promise<BenchResult> {
  const alone = newPortPool()
  const concurrent = newPortPool()
  try {
    const baseline = await burst(alone.bench.dbPath, alone.poolId, 1, WORKERS * PER_WORKER)
    const measured = await burst(concurrent.bench.dbPath, concurrent.poolId, WORKERS, PER_WORKER)

    const handedOut = measured.reports.flatMap((r) => r.slots).sort((a, b) => a - b)
    const inDatabase = concurrent.bench.db.sqlite.prepare('SELECT slot FROM pool_allocations WHERE pool_id = ? ORDER BY slot').pluck().all(concurrent.poolId) as number[]
    const distinct = new Set(handedOut)
    const duplicates = handedOut.length - distinct.size
    const lost = Array.from({ length: POOL_SIZE }, (_, n) => FIRST_PORT + n).filter((slot) => !distinct.has(slot)).length
    const failures = measured.reports.flatMap((r) => r.failures)
    const unclean = failures.filter((code) => code !== 'POOL_EXHAUSTED')
    const recordsAgree = JSON.stringify(handedOut) === JSON.stringify(inDatabase)
    const ratio = measured.ms / baseline.ms
    const calls = WORKERS * PER_WORKER
    return {
      id: 'concurrency',
      title: `Concurrency: ${WORKERS} processes × ${PER_WORKER.toLocaleString('en')} port allocations from one database file, pool of ${POOL_SIZE.toLocaleString('en')}`,
      target: 'zero duplicates, zero lost, every failure POOL_EXHAUSTED',
      met: duplicates === 0 && lost === 0 && unclean.length === 0 && failures.length === calls - POOL_SIZE && recordsAgree,
      ratio: round(ratio),
      table: {
        columns: ['run', 'wall ms', 'allocations/s', 'handed out', 'duplicates', 'lost', 'POOL_EXHAUSTED', 'other failures'],
        rows: [
          ['baseline: 1 process, all calls', round(baseline.ms), Math.round((POOL_SIZE / baseline.ms) * 1000), baseline.reports[0]!.slots.length, '', '', baseline.reports[0]!.failures.length, ''],
          [`${WORKERS} processes at once`, round(measured.ms), Math.round((POOL_SIZE / measured.ms) * 1000), handedOut.length, duplicates, lost, failures.length - unclean.length, unclean.length],
          ['ratio (concurrent / alone, wall time)', round(ratio), '', '', '', '', '', ''],
        ],
      },
      figures: {
        workers: WORKERS,
        per_worker: PER_WORKER,
        pool_size: POOL_SIZE,
        baseline_ms: baseline.ms,
        concurrent_ms: measured.ms,
        worker_ms: measured.reports.map((r) => r.ms),
        handed_out: handedOut.length,
        duplicates,
        lost,
        pool_exhausted: failures.length - unclean.length,
        other_failures: unclean,
        database_agrees: recordsAgree,
      },
    }
  } finally {
    alone.bench.remove()
    concurrent.bench.remove()
  }
}
