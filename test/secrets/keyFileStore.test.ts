// The SecretStore of headless machines: the master key from PROXDESK_SECRET_KEY or a 0600 key file, other
// secrets AES-256-GCM encrypted beside the database.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadMasterKey } from '../../src-main/core/secrets/masterKey'
import { parseSecretKey } from '../../src-main/core/secrets/keyFile'
import { openHeadlessSecretStore } from '../../src-main/core/secrets/openSecretStore'
import { MASTER_KEY_SECRET } from '../../src-main/core/secrets/secretStore'
import { useTempDir } from '../helpers/tempDir'

const HEX_KEY = 'a1'.repeat(32)

describe('key file store', () => {
  const tempDir = useTempDir()
  const umask = process.umask()
  afterEach(() => {
    process.umask(umask)
  })

  it('creates the master key once, in a key file only its owner can read, and reuses it', async () => {
    const dbPath = join(tempDir(), 'data', 'proxdesk.db')
    process.umask(0)
    const store = openHeadlessSecretStore(dbPath, {})
    expect(store.kind).toBe('key-file')
    const first = await loadMasterKey(store)
    expect(first.created).toBe(true)
    expect(statSync(`${dbPath}.key`).mode & 0o777).toBe(0o600)
    expect(readFileSync(`${dbPath}.key`, 'utf8').trim()).toBe(first.key.toString('hex'))
    const again = await loadMasterKey(openHeadlessSecretStore(dbPath, {}))
    expect(again).toEqual({ key: first.key, created: false })
  })

  it('gives two processes starting at once the same key', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const [a, b] = await Promise.all([loadMasterKey(openHeadlessSecretStore(dbPath, {})), loadMasterKey(openHeadlessSecretStore(dbPath, {}))])
    expect(a.key.equals(b.key)).toBe(true)
    expect([a.created, b.created].sort()).toEqual([false, true])
  })

  it.each([0o640, 0o604, 0o644, 0o660])('refuses a key file with mode %o', async (mode) => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    writeFileSync(`${dbPath}.key`, HEX_KEY, { mode: 0o600 })
    chmodSync(`${dbPath}.key`, mode)
    await expect(loadMasterKey(openHeadlessSecretStore(dbPath, {}))).rejects.toThrow(/readable by other users .*chmod 600/)
  })

  it('refuses a key file that does not hold a key, naming it', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    writeFileSync(`${dbPath}.key`, 'not a key', { mode: 0o600 })
    await expect(loadMasterKey(openHeadlessSecretStore(dbPath, {}))).rejects.toThrow(`${dbPath}.key must hold 32 bytes`)
  })

  it('never replaces an existing key file; deleting the key removes the file', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const store = openHeadlessSecretStore(dbPath, {})
    await loadMasterKey(store)
    await expect(store.set(MASTER_KEY_SECRET, HEX_KEY)).rejects.toThrow(/never replaces a key file/)
    expect(await store.delete(MASTER_KEY_SECRET)).toBe(true)
    expect(existsSync(`${dbPath}.key`)).toBe(false)
    expect(await store.delete(MASTER_KEY_SECRET)).toBe(false)
    expect(await store.get(MASTER_KEY_SECRET)).toBeNull()
  })
})

describe('PROXDESK_SECRET_KEY', () => {
  const tempDir = useTempDir()

  it.each([
    ['64 hex characters', HEX_KEY, Buffer.from(HEX_KEY, 'hex')],
    ['hex with a trailing newline', `${HEX_KEY}\n`, Buffer.from(HEX_KEY, 'hex')],
    ['base64', Buffer.alloc(32, 9).toString('base64'), Buffer.alloc(32, 9)],
    ['base64 without padding', Buffer.alloc(32, 9).toString('base64').replace(/=$/, ''), Buffer.alloc(32, 9)],
    ['base64url', Buffer.alloc(32, 0xfb).toString('base64url'), Buffer.alloc(32, 0xfb)],
  ])('accepts %s', async (_name, value, key) => {
    const store = openHeadlessSecretStore(join(tempDir(), 'proxdesk.db'), { PROXDESK_SECRET_KEY: value })
    expect(store.kind).toBe('env')
    expect(await loadMasterKey(store)).toEqual({ key, created: false })
  })

  it.each([
    ['63 hex characters', 'a'.repeat(63)],
    ['65 hex characters', 'a'.repeat(65)],
    ['base64 of 16 bytes', Buffer.alloc(16).toString('base64')],
    ['base64 of 48 bytes', Buffer.alloc(48, 0xff).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['64 characters that are not hex', 'g'.repeat(64)],
  ])('refuses %s', (_name, value) => {
    expect(() => parseSecretKey(value, 'PROXDESK_SECRET_KEY')).toThrow('PROXDESK_SECRET_KEY must hold 32 bytes')
  })

  it('cannot be changed or deleted through the store', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const store = openHeadlessSecretStore(dbPath, { PROXDESK_SECRET_KEY: HEX_KEY })
    await expect(store.set(MASTER_KEY_SECRET, 'b2'.repeat(32))).rejects.toThrow(/change it in the environment/)
    await expect(store.delete(MASTER_KEY_SECRET)).rejects.toThrow(/change it in the environment/)
    expect(await store.get(MASTER_KEY_SECRET)).toBe(HEX_KEY)
  })
})

describe('other secrets in a headless store', () => {
  const tempDir = useTempDir()

  it.each([
    ['key-file', {}],
    ['env', { PROXDESK_SECRET_KEY: HEX_KEY }],
  ])('sets, gets and deletes them encrypted, in a 0600 file (%s)', async (kind, env) => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const store = openHeadlessSecretStore(dbPath, env)
    expect(store.kind).toBe(kind)
    await loadMasterKey(store)
    expect(await store.get('smtp.password')).toBeNull()
    await store.set('smtp.password', 'PLAIN-SMTP-PASSWORD')
    await store.set('backup.token', 'PLAIN-BACKUP-TOKEN')
    expect(await store.get('smtp.password')).toBe('PLAIN-SMTP-PASSWORD')
    const file = readFileSync(`${dbPath}.secrets`, 'utf8')
    expect(file).not.toContain('PLAIN-')
    expect(statSync(`${dbPath}.secrets`).mode & 0o777).toBe(0o600)
    expect(await store.delete('smtp.password')).toBe(true)
    expect(await store.delete('smtp.password')).toBe(false)
    expect(await store.get('smtp.password')).toBeNull()
    expect(await store.get('backup.token')).toBe('PLAIN-BACKUP-TOKEN')
  })

  it('detects a tampered value, a value moved to another name, and a different key', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const store = openHeadlessSecretStore(dbPath, { PROXDESK_SECRET_KEY: HEX_KEY })
    await store.set('a', 'secret-a')
    await store.set('b', 'secret-b')
    const sealed = JSON.parse(readFileSync(`${dbPath}.secrets`, 'utf8')) as Record<string, string>
    writeFileSync(`${dbPath}.secrets`, JSON.stringify({ ...sealed, b: sealed.a }))
    await expect(store.get('b')).rejects.toThrow()
    const flipped = sealed.a!.slice(0, -2) + (sealed.a!.endsWith('A') ? 'BB' : 'AA')
    writeFileSync(`${dbPath}.secrets`, JSON.stringify({ ...sealed, a: flipped }))
    await expect(store.get('a')).rejects.toThrow()
    writeFileSync(`${dbPath}.secrets`, JSON.stringify(sealed))
    const otherKey = openHeadlessSecretStore(dbPath, { PROXDESK_SECRET_KEY: 'b2'.repeat(32) })
    await expect(otherKey.get('a')).rejects.toThrow()
    expect(await store.get('a')).toBe('secret-a')
  })
})
