// sess_key sessions: issued by a successful login, renewed by use, ended by idling past the TTL or by the test.

import { randomBytes } from 'node:crypto'

export class SessionStore {
  private readonly lastUse = new Map<string, number>()

  constructor(private readonly ttlMs: number) {}

  issue(): string {
    const key = randomBytes(16).toString('hex')
    this.lastUse.set(key, Date.now())
    return key
  }

  /** Whether the session is alive; using it keeps it alive. */
  use(key: string | undefined): boolean {
    const last = key === undefined ? undefined : this.lastUse.get(key)
    if (last === undefined || Date.now() - last >= this.ttlMs) return false
    this.lastUse.set(key!, Date.now())
    return true
  }

  expireAll(): void {
    this.lastUse.clear()
  }
}

/** The sess_key value of a Cookie header. */
export function sessKeyOf(cookieHeader: string | undefined): string | undefined {
  return cookieHeader
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === 'sess_key')?.[1]
}
