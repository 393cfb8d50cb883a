// Every container operation that talks to PVE, with PVE failing every call in one way at a time: each answers
// with an error its contract documents (or succeeds, for mere latency), never INTERNAL, never a crash, and
// nothing leaks or is made twice.
import { describe, expect, it } from 'vitest'
import type { OperationName } from '../../src-shared/contract/index'
import type { FaultRule } from '../fakes/pve/index'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'
import { expectNoLeaks } from './census'
import { expectDocumentedError } from './documentedErrors'
import { useNoUnhandledRejections } from './unhandledRejections'

interface OperationCase {
  operation: OperationName
  method: string
  /** Brings the container into the state the operation needs and returns the URL to call. */
  prepare(w: PveWorld, id: number): Promise<string>
  body?: Record<string, unknown>
}

const at = (suffix: string) => async (_w: PveWorld, id: number) => `/api/containers/${id}${suffix}`
const withSnapshot = (suffix: string) => async (w: PveWorld, id: number) => {
  await w.admin('POST', `/api/containers/${id}/snapshots`, { name: 'base' }, 201)
  return `/api/containers/${id}/snapshots/base${suffix}`
}

const OPERATIONS: OperationCase[] = [
  { operation: 'containers.status', method: 'GET', prepare: at('/status') },
  { operation: 'containers.config', method: 'GET', prepare: at('/config') },
  { operation: 'containers.tasks', method: 'GET', prepare: at('/tasks') },
  {
    operation: 'containers.taskLog',
    method: 'GET',
    prepare: async (w, id) => {
      const tasks = await w.admin('GET', `/api/containers/${id}/tasks`, undefined, 200)
      return `/api/containers/${id}/tasks/${encodeURIComponent(tasks.items[0].upid)}/log`
    },
  },
  { operation: 'containers.rrd', method: 'GET', prepare: at('/rrd?timeframe=hour') },
  { operation: 'containers.snapshots', method: 'GET', prepare: at('/snapshots') },
  { operation: 'containers.createSnapshot', method: 'POST', prepare: at('/snapshots'), body: { name: 'before' } },
  { operation: 'containers.rollbackSnapshot', method: 'POST', prepare: withSnapshot('/rollback') },
  { operation: 'containers.deleteSnapshot', method: 'DELETE', prepare: withSnapshot('') },
  { operation: 'containers.power', method: 'POST', prepare: at('/power/reboot') },
  { operation: 'containers.suspend', method: 'POST', prepare: at('/suspend') },
  {
    operation: 'containers.unsuspend',
    method: 'POST',
    prepare: async (w, id) => {
      await w.admin('POST', `/api/containers/${id}/suspend`, undefined, 200)
      return `/api/containers/${id}/unsuspend`
    },
  },
  { operation: 'cluster.overview', method: 'GET', prepare: async (w) => `/api/pve/connections/${w.connectionId}/guests` },
]

const FAULTS: Array<{ fault: string; rule: FaultRule }> = [
  { fault: 'latency', rule: { kind: 'latency', ms: 200 } },
  { fault: '500', rule: { kind: 'status', status: 500 } },
  { fault: '503', rule: { kind: 'status', status: 503 } },
  { fault: 'connection reset', rule: { kind: 'reset' } },
  { fault: 'hang past the timeout', rule: { kind: 'hang' } },
  { fault: 'invalid JSON', rule: { kind: 'invalid-json' } },
]

const CASES = OPERATIONS.flatMap((operation) => FAULTS.map((fault) => ({ ...operation, ...fault, label: `${operation.operation} with ${fault.fault} on every call` })))

describe('PVE faults in container operations', () => {
  const world = usePveWorld({ upstreamTimeoutMs: 500 })
  useNoUnhandledRejections()

  it.each(CASES)('$label', async ({ operation, method, prepare, body, rule }) => {
    const w = await world()
    const { id } = await w.createContainer()
    const url = await prepare(w, id)
    w.fake.faults.set(rule)
    const response = await w.api.request(method, url, { token: w.api.adminToken, body })
    w.fake.faults.clear()
    if (rule.kind === 'latency') expect(response.status, response.body).toBeLessThan(300)
    else expectDocumentedError(operation, response)
    expectNoLeaks(w)
    expect(w.fake.schemaViolations).toEqual([])
  })

  it.each(FAULTS)('terminate with $fault on every call goes forward once PVE answers again', async ({ rule }) => {
    const w = await world()
    const { id } = await w.createContainer()
    w.fake.faults.set(rule)
    expect((await w.admin('DELETE', `/api/containers/${id}`, undefined, 200)).state).toBe('deleting')
    const settled = await w.settle(id)
    w.fake.faults.clear()
    if (rule.kind === 'latency') expect(settled.state).toBe('deleted')
    else {
      expect(settled).toMatchObject({ state: 'deleting', last_error: expect.stringMatching(/^\w+: /) })
      expect(settled.last_error).not.toContain('unexpected error')
      await w.api.core.services.containers.recover()
    }
    expect((await w.admin('GET', `/api/containers/${id}`, undefined, 200)).state).toBe('deleted')
    expect(expectNoLeaks(w).pveContainers).toEqual([])
  })
})
