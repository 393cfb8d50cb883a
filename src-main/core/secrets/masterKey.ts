// Where the key for FieldCipher comes from on a headless machine: PROXDESK_SECRET_KEY, or a 0600 key file
// created on first start. (The desktop app keeps it in the OS keychain instead.)
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim()
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (key.length !== 32) throw new Error(`${source} must hold 32 bytes as 64 hex characters or base64`)
  return key
}

export interface LoadedKey {
  key: Buffer
  source: 'env' | 'key-file'
  created: boolean
}

export function loadOrCreateKeyFile(path: string): LoadedKey {
  try {
    const mode = statSync(path).mode & 0o777
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new Error(`${path} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`)
    }
    return { key: parseSecretKey(readFileSync(path, 'utf8'), path), source: 'key-file', created: false }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  // 'wx' fails if another process created the file first; then read theirs.
  try {
    writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(path)
    throw error
  }
  return { key, source: 'key-file', created: true }
}

export function loadMasterKey(envValue: string | undefined, keyFilePath: string): LoadedKey {
  if (envValue) return { key: parseSecretKey(envValue, 'PROXDESK_SECRET_KEY'), source: 'env', created: false }
  return loadOrCreateKeyFile(keyFilePath)
}
