// A child process for concurrency.test.ts: opens the shared database file itself and, once told to go, runs
// its share of allocations and releases while its siblings do the same. Prints one JSON line with the outcome.
import { once } from 'node:events'
import { openDatabase } from '../../src-main/core/db/database'
import { AuditLog } from '../../src-main/core/audit/auditLog'
import { systemClock } from '../../src-main/core/clock'
import { PoolService } from '../../src-main/core/pools/poolService'

export interface WorkerTask {
  /** Allocate `count` times from each of these pools, interleaved. */
  fill: number[]
  /** Then allocate from this pool `count` times, releasing every second slot again right away. */
  churn: number
  count: number
}

export interface WorkerReport {
  held: Record<number, number[]>
  failures: string[]
}

const [dbPath, name, taskJson] = process.argv.slice(2) as [string, string, string]
const task = JSON.parse(taskJson) as WorkerTask
const db = openDatabase(dbPath)
const pools = new PoolService(db, new AuditLog(db, systemClock), systemClock)
const report: WorkerReport = { held: {}, failures: [] }

function allocate(poolId: number, owner: string): number | null {
  try {
    const slot = pools.allocate(poolId, owner).slot
    ;(report.held[poolId] ??= []).push(slot)
    return slot
  } catch (error) {
    report.failures.push((error as { code?: string }).code ?? String(error))
    return null
  }
}

process.stdout.write('ready\n')
await once(process.stdin, 'data')
for (let n = 0; n < task.count; n++) {
  for (const poolId of task.fill) allocate(poolId, `${name}:${n}`)
  const slot = allocate(task.churn, `${name}:churn:${n}`)
  if (slot !== null && n % 2 === 1) {
    pools.release(task.churn, slot, `${name}:churn:${n}`)
    report.held[task.churn]!.pop()
  }
}
db.close()
process.stdout.write(`${JSON.stringify(report)}\n`)
process.stdin.destroy()
