import { createHash } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { secretsEqual } from '../secrets/tokens'

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** Imported legacy accounts hold only md5(password); compared in constant time. */
export function verifyLegacyMd5(md5Hex: string, password: string): boolean {
  return secretsEqual(md5Hex.toLowerCase(), createHash('md5').update(password, 'utf8').digest('hex'))
}

let decoyHash: Promise<string> | undefined

/** Verifying against a decoy keeps "no such user" as slow as "wrong password". */
export async function burnVerification(password: string): Promise<void> {
  decoyHash ??= hashPassword('proxdesk-decoy-password')
  await verifyPassword(await decoyHash, password)
}
