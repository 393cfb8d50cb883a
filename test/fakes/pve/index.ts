// A fake Proxmox VE 9.1 API server for tests: HTTPS with its own CA, the real API schema enforced on every
// request, PVE's authentication, permissions, tasks and error texts, and injectable faults.

import type { FakeConsoleOptions } from './console/consoleHub'
import type { FaultRule } from './faults'
import { launchFakePve } from './launch'
import type { FakePveState } from './state'

export type { FakeConsoleOptions } from './console/consoleHub'
export type { FaultKind, FaultRule } from './faults'
export type { FakePveState } from './state'

export interface FakePveOptions {
  /** Cluster node names; the fake answers as the first one. Default ['pve1']. */
  nodes?: string[]
  /** How long every worker task runs before it finishes. Default 150 ms. */
  taskDurationMs?: number
  /** PVE delays 401 answers by about 3 s; the fake only does if asked. Default 0. */
  authFailureDelayMs?: number
  /** Clock in milliseconds, for ticket expiry, task times and RRD data. Default Date.now. */
  now?: () => number
  /** Consoles: termproxy sessions always get a local shell; vncproxy sessions are relayed to `vnc` when given. */
  console?: FakeConsoleOptions
}

export interface FakePve {
  /** https://127.0.0.1:PORT (API under `${url}/api2/json`) */
  url: string
  /** 'AB:CD:…' SHA-256 of the current node certificate. */
  fingerprint: string
  /** The cluster CA that signs the node certificate (pve-root-ca.pem). */
  caPem: string
  /** 'root@pam!proxdesk', without privilege separation. */
  rootToken: { tokenId: string; secret: string }
  /** For root@pam ticket login. */
  rootPassword: string
  state: FakePveState
  /** Every request that failed parameter verification (or named no API path), even when answered otherwise. */
  schemaViolations: Array<{ method: string; path: string; errors: Record<string, string> }>
  /** Format names the schema used that the fake cannot check; such values were accepted. */
  unknownFormats: string[]
  faults: { set(rule: FaultRule): void; clear(): void }
  /** Issues a new node certificate (same CA), so fingerprint pinning fails on the next connection. */
  rotateCertificate(): Promise<void>
  close(): Promise<void>
}

export function startFakePve(options?: FakePveOptions): Promise<FakePve> {
  return launchFakePve(options ?? {}, 0)
}
