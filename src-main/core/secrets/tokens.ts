// hash() is Node's one-shot digest: no Hash object per call, which the auth endpoint does three times a request.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 192 random bits, URL-safe: session tokens, subscription tokens, node keys. */
export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Tokens are high-entropy, so a plain SHA-256 is a safe lookup key. */
export function tokenDigest(token: string): string {
  return hash('sha256', token, 'hex')
}

/** Compares digests, so neither the length nor the content of the secret leaks through timing. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash('sha256', a, 'buffer'), hash('sha256', b, 'buffer'))
}
