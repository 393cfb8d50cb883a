// A child process for the concurrency bench: opens the shared database file, says `ready`, and on `go` allocates
// `count` ports one transaction at a time. Prints one JSON line: the slots it got and every failure's code.
import { once } from 'node:events'
import { openDatabase } from '../../../src-main/core/db/database'
import { AuditLog } from '../../../src-main/core/audit/auditLog'
import { systemClock } from '../../../src-main/core/clock'
import { PoolService } from '../../../src-main/core/pools/poolService'

export interface BurstReport {
  slots: number[]
  failures: string[]
  ms: number
}

const [dbPath, name, poolId, count] = process.argv.slice(2) as [string, string, string, string]
const db = openDatabase(dbPath)
const pools = new PoolService(db, new AuditLog(db, systemClock), systemClock)
const report: BurstReport = { slots: [], failures: [], ms: 0 }

process.stdout.write('ready\n')
await once(process.stdin, 'data')
const start = performance.now()
for (let n = 0; n < Number(count); n++) {
  try {
    report.slots.push(pools.allocate(Number(poolId), `${name}:${n}`).slot)
  } catch (error) {
    report.failures.push((error as { code?: string }).code ?? String(error))
  }
}
report.ms = performance.now() - start
db.close()
process.stdout.write(`${JSON.stringify(report)}\n`)
process.stdin.destroy()
