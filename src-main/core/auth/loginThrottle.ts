// Failed logins counted per username and per IP in a sliding window; past the limit the key is locked out.
// Kept in memory: a restart forgets it, which an attacker cannot trigger and an admin may want.

export interface ThrottleOptions {
  windowSeconds: number
  maxFailuresPerUsername: number
  maxFailuresPerIp: number
  lockoutSeconds: number
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  windowSeconds: 15 * 60,
  maxFailuresPerUsername: 5,
  maxFailuresPerIp: 20,
  lockoutSeconds: 15 * 60,
}

interface Bucket {
  failures: number[]
  lockedUntil: number
}

const MAX_TRACKED_KEYS = 100_000

export class LoginThrottle {
  private readonly buckets = new Map<string, Bucket>()

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE) {}

  private keys(username: string, ip: string | null): Array<[string, number]> {
    const keys: Array<[string, number]> = [[`u:${username.toLowerCase()}`, this.options.maxFailuresPerUsername]]
    if (ip) keys.push([`ip:${ip}`, this.options.maxFailuresPerIp])
    return keys
  }

  /** Seconds until another attempt is allowed, or 0. */
  retryAfter(username: string, ip: string | null, now: number): number {
    let wait = 0
    for (const [key] of this.keys(username, ip)) {
      const bucket = this.buckets.get(key)
      if (bucket && bucket.lockedUntil > now) wait = Math.max(wait, bucket.lockedUntil - now)
    }
    return wait
  }

  recordFailure(username: string, ip: string | null, now: number): void {
    if (this.buckets.size > MAX_TRACKED_KEYS) this.prune(now)
    for (const [key, limit] of this.keys(username, ip)) {
      const bucket = this.buckets.get(key) ?? { failures: [], lockedUntil: 0 }
      bucket.failures = bucket.failures.filter((ts) => ts > now - this.options.windowSeconds)
      bucket.failures.push(now)
      if (bucket.failures.length >= limit) {
        bucket.lockedUntil = now + this.options.lockoutSeconds
        bucket.failures = []
      }
      this.buckets.set(key, bucket)
    }
  }

  /** A success clears the username's count, not the IP's: one good account must not unlock a guessing IP. */
  recordSuccess(username: string): void {
    this.buckets.delete(`u:${username.toLowerCase()}`)
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const recent = bucket.failures.some((ts) => ts > now - this.options.windowSeconds)
      if (!recent && bucket.lockedUntil <= now) this.buckets.delete(key)
    }
  }
}
