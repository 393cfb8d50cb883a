import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 192 random bits, URL-safe: session tokens, subscription tokens, node keys. */
export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Tokens are high-entropy, so a plain SHA-256 is a safe lookup key. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Compares digests, so neither the length nor the content of the secret leaks through timing. */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest()
  const db = createHash('sha256').update(b).digest()
  return timingSafeEqual(da, db)
}
