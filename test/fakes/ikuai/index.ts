// A fake iKuai router for tests: the classic web API (/Action/login, /Action/call) as public clients use it
// (/work/shared/ikuai/NOTES.md), in either reply generation, with the `dnat` module, session expiry, the
// known firmware quirks and injectable faults. Over http, or https with a self-signed certificate.

import type { FaultRule } from './faults'
import { launchFakeIkuai } from './launch'

export type { FaultKind, FaultRule } from './faults'

export interface FakeIkuaiOptions {
  /** Reply envelope: 3 = {Result, ErrMsg, Data}, 4 = {code, message, results}. Default 3. */
  generation?: 3 | 4
  /** Default 'admin'. */
  username?: string
  /** Default: random. */
  password?: string
  /** Serve https with a self-signed certificate (made with the openssl CLI). */
  https?: boolean
  /** A session ends this long after its last use. Default 10 minutes; 0 ends every session at once. */
  sessionTtlMs?: number
  /** WAN line names rules may use (besides `all`). Default ['wan1']. */
  interfaces?: string[]
}

export interface FakeIkuaiRule {
  id: number
  enabled: 'yes' | 'no'
  comment: string
  interface: string
  lan_addr: string
  protocol: string
  wan_port: string
  lan_port: string
  src_addr: string
}

export interface FakeIkuai {
  /** http(s)://127.0.0.1:PORT */
  url: string
  /** 'AB:CD:…' SHA-256 of the certificate when serving https. */
  fingerprint: string | null
  username: string
  password: string
  generation: 3 | 4
  /** Tests seed and inspect. */
  rules: Map<number, FakeIkuaiRule>
  /** Every /Action/call the fake received, for asserting what the client sent (never log secrets elsewhere). */
  calls: Array<{ func_name: string; action: string; param: Record<string, unknown> }>
  /** Every /Action/login body the fake received; they carry password hashes, so assert on them, never print them. */
  logins: Array<Record<string, unknown>>
  /** /Action/login requests answered, successful or not. */
  loginCount: number
  /** Per call action: the most requests with that action the fake was handling at once. Tests may clear it. */
  peakConcurrency: Map<string, number>
  /** Ends every session: the next call answers 10014 (3.x) / 1008 (4.x). */
  expireSessions(): void
  faults: { set(rule: FaultRule): void; clear(): void }
  close(): Promise<void>
}

export function startFakeIkuai(options?: FakeIkuaiOptions): Promise<FakeIkuai> {
  return launchFakeIkuai(options ?? {}, 0)
}
