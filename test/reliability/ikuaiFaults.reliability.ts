// iKuai failing one kind of call in one way for a NAT container's whole life: every answer is a success or a
// documented refusal, nothing crashes, and once the router answers again the next start leaves exactly one
// rule per mapping and no port, address or VMID held for nothing.
import { describe, expect, it } from 'vitest'
import type { FaultRule } from '../fakes/ikuai/index'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'
import { expectNoLeaks } from './census'
import { runNatLifecycle } from './natLifecycle'
import { useNoUnhandledRejections } from './unhandledRejections'

const CALLS: Array<{ call: string; match: FaultRule['match'] }> = [
  { call: 'login', match: { path: '/Action/login' } },
  { call: 'dnat add', match: { action: 'add' } },
  { call: 'dnat show', match: { action: 'show' } },
  { call: 'dnat del', match: { action: 'del' } },
  { call: 'dnat up', match: { action: 'up' } },
  { call: 'dnat down', match: { action: 'down' } },
]

const FAULTS: Array<{ fault: string; rule: Omit<FaultRule, 'match'> }> = [
  { fault: 'latency', rule: { kind: 'latency', ms: 200 } },
  { fault: '500', rule: { kind: 'status', status: 500 } },
  { fault: 'connection reset', rule: { kind: 'reset' } },
  { fault: 'hang past the timeout', rule: { kind: 'hang' } },
  { fault: 'invalid JSON', rule: { kind: 'invalid-json' } },
  { fault: 'a bare `timeout` for data', rule: { kind: 'timeout-token' } },
  { fault: 'an error reply', rule: { kind: 'error', message: 'injected failure' } },
]

const CASES = CALLS.flatMap((call) => FAULTS.map((fault) => ({ label: `${fault.fault} on every ${call.call}`, rule: { ...fault.rule, match: call.match } })))

describe('iKuai faults over a NAT container’s life', () => {
  const world = usePveWorld({ nat: { ports: [30000, 30019] }, upstreamTimeoutMs: 500 })
  useNoUnhandledRejections()

  async function lifeWithFault(w: PveWorld, rule: FaultRule): Promise<void> {
    w.router!.faults.set(rule)
    const { steps } = await runNatLifecycle(w)
    w.router!.faults.clear()
    if (rule.kind === 'latency') expect(steps.every(([, status]) => status < 300), JSON.stringify(steps)).toBe(true)
    const { services } = w.api.core
    await services.containers.recover()
    await services.nat.recoverPending()
    expectNoLeaks(w)
  }

  it.each(CASES)('$label', async ({ rule }) => lifeWithFault(await world(), rule))
})
