// Injected failures for client tests. Rules apply in the order they were set; a rule without `times` applies to
// every matching request.

export type FaultKind = 'latency' | 'status' | 'reset' | 'hang' | 'invalid-json' | 'timeout-token' | 'error'

export interface FaultRule {
  /** Which requests: `action` is the call's action (show, add, …), `path` the URL path (/Action/login). */
  match?: { action?: string; path?: string }
  /**
   * latency: delay, then answer normally. status: an HTTP error page. reset: close the connection. hang: never
   * answer. invalid-json: run the request, then send half its reply. timeout-token: a success reply whose
   * `data` is the bare token `timeout`, as some firmware sends. error: a non-success Result/code with `message`.
   * Except for latency and invalid-json, the request is not run.
   */
  kind: FaultKind
  /** latency: added delay. */
  ms?: number
  /** status: the HTTP status (default 500). */
  status?: number
  /** status and error: the text to answer with. */
  message?: string
  /** How many matching requests the rule applies to; unlimited when omitted. */
  times?: number
}

export interface RequestFaults {
  latencyMs: number
  /** The rule that decides the answer, if any. */
  answer?: FaultRule
}

export class FaultInjector {
  private rules: Array<{ rule: FaultRule; remaining: number }> = []

  set(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY })
  }

  clear(): void {
    this.rules = []
  }

  /** Consumes the latency rules and the first answering rule that match this request. */
  forRequest(path: string, action: string | undefined): RequestFaults {
    const result: RequestFaults = { latencyMs: 0 }
    for (const entry of this.rules) {
      const latency = entry.rule.kind === 'latency'
      if ((!latency && result.answer) || entry.remaining <= 0 || !matches(entry.rule, path, action)) continue
      entry.remaining -= 1
      if (latency) result.latencyMs += entry.rule.ms ?? 0
      else result.answer = entry.rule
    }
    return result
  }
}

function matches(rule: FaultRule, path: string, action: string | undefined): boolean {
  const wanted = rule.match
  if (wanted?.path !== undefined && wanted.path !== path) return false
  return wanted?.action === undefined || wanted.action === action
}
