// Injected failures for client tests. Rules apply in the order they were set; a rule without `times` applies to
// every matching request.

export type FaultKind = 'latency' | 'status' | 'reset' | 'hang' | 'invalid-json' | 'task-fail'

export interface FaultRule {
  /** Which requests: `pathPrefix` is compared with the path below /api2/json (or the full path if it starts with /api2). */
  match?: { method?: string; pathPrefix?: string }
  kind: FaultKind
  /** latency: added delay. */
  ms?: number
  /** status: the HTTP status to answer with (default 500). */
  status?: number
  /** status: the reason phrase and `message`; task-fail: the task's exit status. */
  message?: string
  /** How many matching requests the rule applies to; unlimited when omitted. */
  times?: number
}

export interface RequestFaults {
  latencyMs: number
  /** The rule that decides the answer (status, reset, hang or invalid-json), if any. */
  answer?: FaultRule
}

const API_BASE = '/api2/json'

export class FaultInjector {
  private rules: Array<{ rule: FaultRule; remaining: number }> = []

  set(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY })
  }

  clear(): void {
    this.rules = []
  }

  /** Consumes the latency rules and the first answering rule that match this request. */
  forRequest(method: string, fullPath: string): RequestFaults {
    const result: RequestFaults = { latencyMs: 0 }
    for (const entry of this.rules) {
      const { kind } = entry.rule
      if (kind === 'task-fail' || (kind !== 'latency' && result.answer)) continue
      if (!this.take(entry, method, fullPath)) continue
      if (kind === 'latency') result.latencyMs += entry.rule.ms ?? 0
      else result.answer = entry.rule
    }
    return result
  }

  /** The exit status the next task started by this request must end with, if a task-fail rule matches. */
  taskFailure(method: string, fullPath: string): string | undefined {
    for (const entry of this.rules) {
      if (entry.rule.kind === 'task-fail' && this.take(entry, method, fullPath)) {
        return entry.rule.message ?? 'command failed: exit code 1 (injected task failure)'
      }
    }
    return undefined
  }

  private take(entry: { rule: FaultRule; remaining: number }, method: string, fullPath: string): boolean {
    if (entry.remaining <= 0 || !matches(entry.rule, method, fullPath)) return false
    entry.remaining -= 1
    return true
  }
}

function matches(rule: FaultRule, method: string, fullPath: string): boolean {
  const wanted = rule.match
  if (!wanted) return true
  if (wanted.method && wanted.method.toUpperCase() !== method) return false
  if (!wanted.pathPrefix) return true
  const path = wanted.pathPrefix.startsWith('/api2') ? fullPath : fullPath.slice(API_BASE.length)
  return path.startsWith(wanted.pathPrefix)
}
