// AES-256-GCM with a random 96-bit IV; the associated data names what the value is (a column, a secret's name),
// so a ciphertext cannot be moved somewhere else and still decrypt. Format: `v1:` + base64url(iv | tag | body).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 'v1:'
const IV_BYTES = 12
const TAG_BYTES = 16

export function sealString(key: Buffer, plain: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(associatedData))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

export function openString(key: Buffer, sealed: string, associatedData: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error(`${associatedData} holds a value that is not proxdesk ciphertext`)
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
  decipher.setAAD(Buffer.from(associatedData))
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
}
