/** Unix seconds; injected so expiry rules can be tested at exact boundaries. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) }

/** The spec's rule for every expiry field: NULL or 0 means never; otherwise usable strictly before it. */
export function notExpired(expireTs: number | null, now: number): boolean {
  return expireTs === null || expireTs === 0 || expireTs > now
}
