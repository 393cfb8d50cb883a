// Several processes allocating from one database file at once, as the desktop app, the server and the CLI may.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ipv4ToInt } from '../../src-shared/cidr'
import { openTestCore } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'
import { allocatedSlots, createPool, expectConsistent } from './poolFixtures'
import type { WorkerReport, WorkerTask } from './allocateWorker'

const WORKERS = 4
const PER_WORKER = 60
const REPO = join(import.meta.dirname, '../..')

function startWorker(dbPath: string, name: string, task: WorkerTask): { child: ChildProcessWithoutNullStreams; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'allocateWorker.ts'), dbPath, name, JSON.stringify(task)], {
    cwd: REPO,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO, 'tsconfig.node.json') },
  })
  const lines: string[] = []
  let pending = ''
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString()
    const parts = pending.split('\n')
    pending = parts.pop()!
    lines.push(...parts)
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.on('exit', (code) => {
    if (code !== 0) lines.push(`exit ${code}: ${stderr}`)
  })
  return { child, lines }
}

async function waitForLine(worker: { child: ChildProcessWithoutNullStreams; lines: string[] }, index: number): Promise<string> {
  while (worker.lines.length <= index) {
    if (worker.child.exitCode !== null) throw new Error(worker.lines.join('\n') || 'worker exited early')
    await once(worker.child.stdout, 'data')
  }
  return worker.lines[index]!
}

describe('allocating from several processes at once', () => {
  const tempDir = useTempDir()

  it('never hands out a slot twice, leaves no gaps and fails only with POOL_EXHAUSTED', { timeout: 60_000 }, async () => {
    const setup = openTestCore(tempDir())
    const { pools } = setup.services
    const roomy = createPool(pools, { kind: 'ipv4', name: 'roomy', cidr: '10.1.0.0/22', gateway: '10.1.0.1' })
    const scarce = createPool(pools, { kind: 'port', name: 'scarce', first: 20000, last: 20199, reserved: [20100] })
    const churn = createPool(pools, { kind: 'vmid', name: 'churn', first: 100, last: 9999 })
    setup.close()

    const task: WorkerTask = { fill: [roomy, scarce], churn, count: PER_WORKER }
    const workers = Array.from({ length: WORKERS }, (_, n) => startWorker(setup.dbPath, `w${n}`, task))
    let reports: WorkerReport[]
    try {
      // All open the file first, then start together, so their transactions overlap.
      for (const worker of workers) expect(await waitForLine(worker, 0)).toBe('ready')
      for (const worker of workers) worker.child.stdin.write('go\n')
      reports = await Promise.all(workers.map(async (worker) => JSON.parse(await waitForLine(worker, 1)) as WorkerReport))
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill()
    }

    const union = (poolId: number) => reports.flatMap((report) => report.held[poolId] ?? []).sort((a, b) => a - b)
    const check = openTestCore(tempDir())
    try {
      const roomySlots = union(roomy)
      // 240 addresses asked of a /22: exactly the 240 lowest host addresses, each once.
      const expectedRoomy = Array.from({ length: WORKERS * PER_WORKER }, (_, n) => ipv4ToInt('10.1.0.2')! + n)
      expect(roomySlots).toEqual(expectedRoomy)

      // 240 ports asked of 199: every one of them handed out once, and the other 41 calls exhausted.
      const scarceSlots = union(scarce)
      expect(scarceSlots).toEqual(Array.from({ length: 200 }, (_, n) => 20000 + n).filter((port) => port !== 20100))
      expect(reports.flatMap((report) => report.failures)).toEqual(Array.from({ length: WORKERS * PER_WORKER - 199 }, () => 'POOL_EXHAUSTED'))

      const churnSlots = union(churn)
      expect(new Set(churnSlots).size).toBe(WORKERS * PER_WORKER / 2)
      expect(check.services.pools.get(churn).usage.used).toBe(WORKERS * PER_WORKER / 2)
      for (const poolId of [roomy, scarce, churn]) {
        expect(allocatedSlots(check.services.db, poolId), 'what the workers hold is what the database says').toEqual(union(poolId))
        expectConsistent(check.services.db, poolId)
      }
    } finally {
      check.close()
    }
  })
})
