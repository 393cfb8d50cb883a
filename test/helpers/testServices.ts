import { join } from 'node:path'
import pino from 'pino'
import { openDatabase } from '../../src-main/core/db/database'
import { createServices, type Services } from '../../src-main/core/services'
import type { Clock } from '../../src-main/core/clock'
import type { ThrottleOptions } from '../../src-main/core/auth/loginThrottle'
import type { Actor, CallContext } from '../../src-main/core/actor'

export const TEST_KEY = Buffer.alloc(32, 7)
export const TEST_PUBLIC_URL = 'https://panel.example.com'

/** A clock the test moves by hand; starts at a fixed, realistic moment. */
export class ManualClock implements Clock {
  constructor(public current = 1_790_000_000) {}
  now(): number {
    return this.current
  }
  advance(seconds: number): void {
    this.current += seconds
  }
}

export interface TestCore {
  services: Services
  clock: ManualClock
  dbPath: string
  close(): void
}

export interface TestCoreOptions {
  throttle?: ThrottleOptions
  file?: string
  /** A short PVE/iKuai call budget, for tests of upstreams that hang. */
  upstreamTimeoutMs?: number
  undoRetryDelaysMs?: readonly number[]
}

export function openTestCore(dir: string, options: TestCoreOptions = {}): TestCore {
  const dbPath = join(dir, options.file ?? 'proxdesk.db')
  const db = openDatabase(dbPath)
  const clock = new ManualClock()
  const services = createServices({
    db,
    secretKey: TEST_KEY,
    logger: pino({ level: 'silent' }),
    publicUrl: TEST_PUBLIC_URL,
    clock,
    throttle: options.throttle,
    upstreamTimeoutMs: options.upstreamTimeoutMs,
    undoRetryDelaysMs: options.undoRetryDelaysMs,
    pveTaskPollMs: 10,
  })
  return { services, clock, dbPath, close: () => db.close() }
}

export const ADMIN_ACTOR: Actor = { id: null, username: 'test-admin', permission: 'admin' }
export const adminCtx: CallContext = { actor: ADMIN_ACTOR, ip: '198.51.100.1' }
