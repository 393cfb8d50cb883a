// A fault in each PVE call a container create makes, one kind at a time. The saga must either finish (a delay,
// or a read that is retried) or fail with PVE's error and undo everything; never crash, leak or make twice.
import { describe, expect, it } from 'vitest'
import type { FaultRule } from '../fakes/pve/index'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'
import { expectNoLeaks } from './census'
import { useNoUnhandledRejections } from './unhandledRejections'

/** `toleratesLostReply`: the service checks afterwards whether a write it lost the answer to took effect. */
const CALLS: Array<{ call: string; match: { method: string; pathPrefix: string }; toleratesLostReply?: boolean }> = [
  { call: 'list guests for a free VMID', match: { method: 'GET', pathPrefix: '/cluster/resources' } },
  { call: 'list roles', match: { method: 'GET', pathPrefix: '/access/roles' } },
  { call: 'create the console role', match: { method: 'POST', pathPrefix: '/access/roles' }, toleratesLostReply: true },
  { call: 'create the console user', match: { method: 'POST', pathPrefix: '/access/users' } },
  { call: 'set its ACL', match: { method: 'PUT', pathPrefix: '/access/acl' } },
  { call: 'create the CT', match: { method: 'POST', pathPrefix: '/nodes/pve1/lxc' } },
  { call: 'poll a task', match: { method: 'GET', pathPrefix: '/nodes/pve1/tasks/' } },
  { call: 'start the CT', match: { method: 'POST', pathPrefix: '/nodes/pve1/lxc/200/status/start' } },
]

/** `retried`: reads are tried again after gateway errors and resets, writes never. `executes`: the fake ran the request. */
const FAULTS: Array<{ fault: string; rule: Omit<FaultRule, 'match'>; retried: boolean; executes: boolean }> = [
  { fault: 'latency', rule: { kind: 'latency', ms: 300 }, retried: false, executes: true },
  { fault: '500', rule: { kind: 'status', status: 500, times: 1 }, retried: false, executes: false },
  { fault: '503', rule: { kind: 'status', status: 503, times: 1 }, retried: true, executes: false },
  { fault: 'connection reset', rule: { kind: 'reset', times: 1 }, retried: true, executes: false },
  { fault: 'hang past the timeout', rule: { kind: 'hang', times: 1 }, retried: false, executes: false },
  { fault: 'invalid JSON', rule: { kind: 'invalid-json', times: 1 }, retried: false, executes: true },
]

const CASES = CALLS.flatMap((call) =>
  FAULTS.map((fault) => ({
    label: `${fault.fault} on ${call.call}`,
    match: call.match,
    rule: fault.rule,
    finishes: fault.rule.kind === 'latency' || (fault.retried && call.match.method === 'GET') || (fault.executes && !!call.toleratesLostReply),
  })),
)

/** What a restart some time later finds: PVE's own tasks (a create that lost its poller) have ended. */
async function pveTasksEnded(w: PveWorld): Promise<void> {
  while ([...w.fake.state.tasks.values()].some((task) => task.status === 'running')) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('PVE faults during a container create', () => {
  // No in-process undo retries here: what this suite checks is that the next start finishes an incomplete undo.
  const world = usePveWorld({ upstreamTimeoutMs: 500, undoRetryDelaysMs: [] })
  useNoUnhandledRejections()

  it.each(CASES)('$label', async ({ match, rule, finishes }) => {
    const w = await world()
    w.fake.faults.set({ ...rule, match })
    const created = await w.admin('POST', '/api/containers', { plan_id: w.planId, hostname: 'web1', password: 'root-password-1', template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' }, 201)
    const settled = await w.settle(created.id)
    w.fake.faults.clear()
    // An undo that could not finish (it met the fault, or found the CT still locked by its create task) is
    // finished by the next start.
    if (settled.state === 'creating') expect(settled.last_error).toContain('undo incomplete')
    await pveTasksEnded(w)
    await w.api.core.services.containers.recover()
    const after = await w.admin('GET', `/api/containers/${created.id}`, undefined, 200)
    expect(after.state, after.last_error).toBe(finishes ? 'running' : 'failed')
    if (after.state === 'failed') {
      expect(settled.last_error ?? after.last_error).toMatch(/^\w+: /)
      expect(after.last_error).not.toContain('unexpected error')
    }
    const census = expectNoLeaks(w)
    expect(census.pveContainers).toHaveLength(after.state === 'running' ? 1 : 0)
    expect(w.fake.schemaViolations).toEqual([])
  })
})
