// A process killed in the middle of a create: the next start finishes or undoes it, and nothing leaks.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { usePveWorld, TEMPLATE, type PveWorld } from '../helpers/pveWorld'

const REPO = join(import.meta.dirname, '../..')

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Starts a create in a child process and SIGKILLs it once the given step has started. */
async function killDuring(w: PveWorld, step: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'createWorker.ts'), w.api.core.dbPath, String(w.planId), TEMPLATE], {
    env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO, 'tsconfig.node.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const { sqlite } = w.api.core.services.db
  const stepStarted = () => sqlite.prepare("SELECT status FROM container_steps WHERE saga = 'create' AND step = ?").pluck().get(step) === 'started'
  try {
    await waitFor(stepStarted, `${step} to start`)
  } finally {
    child.kill('SIGKILL')
    await exited
  }
  return sqlite.prepare("SELECT id FROM containers WHERE hostname = 'crashy'").pluck().get() as number
}

describe('a create killed mid-saga', () => {
  const world = usePveWorld()

  it('is undone on the next start when the root password was still needed', async () => {
    const w = await world()
    // The create request hangs, so the worker dies while PVE is (as far as it knows) creating the CT.
    w.fake.faults.set({ match: { method: 'POST', pathPrefix: '/api2/json/nodes/pve1/lxc' }, kind: 'hang' })
    const id = await killDuring(w, 'create_ct')
    w.fake.faults.clear()
    expect(w.api.core.services.pools.allocationsOf(`container:${id}`)).toHaveLength(2)
    expect(w.fake.state.users.has('ct200@pve')).toBe(true)

    expect(await w.api.core.services.containers.recover()).toEqual([id])
    const after = await w.admin('GET', `/api/containers/${id}`, undefined, 200)
    expect(after.state).toBe('failed')
    expect(w.fake.state.containers.has(200)).toBe(false)
    expect(w.fake.state.users.has('ct200@pve')).toBe(false)
    expect(w.api.core.services.pools.allocationsOf(`container:${id}`)).toEqual([])
  })

  it('is finished on the next start when only steps without secrets remain', async () => {
    const w = await world()
    w.fake.faults.set({ match: { method: 'POST', pathPrefix: '/api2/json/nodes/pve1/lxc/200/status/start' }, kind: 'hang' })
    const id = await killDuring(w, 'start_ct')
    w.fake.faults.clear()
    expect(w.fake.state.containers.get(200)?.status).toBe('stopped')

    await w.api.core.services.containers.recover()
    const after = await w.admin('GET', `/api/containers/${id}`, undefined, 200)
    expect(after.state).toBe('running')
    expect(w.fake.state.containers.get(200)?.status).toBe('running')
    expect(w.fake.schemaViolations).toEqual([])
  })
})
