// A 32-byte key as text: in PROXDESK_SECRET_KEY, or in a key file beside the database that only its owner may read.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const HEX_KEY = /^[0-9a-fA-F]{64}$/
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/

export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim()
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex')
  if (BASE64_KEY.test(trimmed)) return Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64')
  throw new Error(`${source} must hold 32 bytes as 64 hex characters or base64`)
}

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.key`
}

/** The key file's text, or null when there is none. A file others can read is refused: the key may have leaked. */
export function readKeyFile(path: string): string | null {
  let mode: number
  try {
    mode = statSync(path).mode & 0o777
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`)
  }
  return readFileSync(path, 'utf8')
}

/** Creates the key file with mode 0600; never replaces one, since the old key may be the only one that reads the database. */
export function createKeyFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  try {
    writeFileSync(path, text.trim() + '\n', { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${path} already exists; proxdesk never replaces a key file`)
    throw error
  }
}
