// A container create killed with SIGKILL right after each saga step in turn, in a bridged and a NAT plan. The
// next start finishes the saga when only steps without the (never stored) root password remain, and undoes it
// otherwise; either way a census finds nothing leaked on PVE, the router or in the pools.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { usePveWorld, TEMPLATE, type PveWorld } from '../helpers/pveWorld'
import { expectNoLeaks } from './census'
import { useNoUnhandledRejections } from './unhandledRejections'

const REPO = join(import.meta.dirname, '../..')
/** Steps before create_ct are undone after a crash (the root password is gone); from create_ct on, finished. */
const BRIDGED = [
  { step: 'allocate_vmid', after: 'failed' },
  { step: 'allocate_ip', after: 'failed' },
  { step: 'create_pve_user', after: 'failed' },
  { step: 'create_ct', after: 'running' },
  { step: 'start_ct', after: 'running' },
]
const NAT = [...BRIDGED, { step: 'map_ssh', after: 'running' }]

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function createAndKillAfter(w: PveWorld, step: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'freezingCreateWorker.ts'), w.api.core.dbPath, String(w.planId), TEMPLATE, step], {
    cwd: REPO,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO, 'tsconfig.node.json') },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = once(child, 'exit')
  const { sqlite } = w.api.core.services.db
  try {
    await until(() => sqlite.prepare("SELECT status FROM container_steps WHERE saga = 'create' AND step = ?").pluck().get(step) === 'done', `${step} to be done`)
  } finally {
    child.kill('SIGKILL')
    await exited
  }
  return sqlite.prepare("SELECT id FROM containers WHERE hostname = 'crashy'").pluck().get() as number
}

describe.each([
  { plan: 'bridged', steps: BRIDGED, nat: undefined },
  { plan: 'NAT', steps: NAT, nat: { ports: [30000, 30019] as [number, number] } },
])('a $plan create killed after each step', ({ steps, nat }) => {
  const world = usePveWorld({ nat })
  useNoUnhandledRejections()

  it.each(steps)('after $step: $after once restarted, nothing leaked', async ({ step, after }) => {
    const w = await world()
    const id = await createAndKillAfter(w, step)
    const { services } = w.api.core
    expect(await services.containers.recover()).toEqual([id])
    await services.nat.recoverPending()
    const container = await w.admin('GET', `/api/containers/${id}`, undefined, 200)
    expect(container.state, container.last_error).toBe(after)
    const census = expectNoLeaks(w)
    expect(census.pveContainers).toHaveLength(after === 'running' ? 1 : 0)
    if (nat && after === 'running') expect(census.routerRules).toEqual([`proxdesk:c${id}:m1:ssh`])
    expect(w.fake.schemaViolations).toEqual([])
  })
})
