// keytar against a real Secret Service: `npm test` (scripts/test.sh) runs vitest inside a private D-Bus session
// with an unlocked gnome-keyring, so these entries land in a real (throw-away) keyring.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { KEYCHAIN_SERVICE, KeychainSecretStore, keychainAccount, type Keychain } from '../../src-main/core/secrets/keychainSecretStore'
import { loadMasterKey } from '../../src-main/core/secrets/masterKey'
import { openDesktopSecretStore } from '../../src-main/core/secrets/openSecretStore'
import { MASTER_KEY_SECRET } from '../../src-main/core/secrets/secretStore'
import { openDatabase } from '../../src-main/core/db/database'
import { createServices } from '../../src-main/core/services'
import { useTempDir } from '../helpers/tempDir'

const keytar = createRequire(import.meta.url)('keytar') as Keychain & { findCredentials(service: string): Promise<Array<{ account: string }>> }

/** What the OS keyring itself holds, read with libsecret's own command-line tool rather than through keytar. */
function secretToolLookup(account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'account', account], { encoding: 'utf8' })
  } catch {
    return null
  }
}

describe('OS keychain store', () => {
  const tempDir = useTempDir()

  beforeAll(async () => {
    try {
      await keytar.getPassword(KEYCHAIN_SERVICE, 'probe')
    } catch (error) {
      throw new Error(`no Secret Service (${(error as Error).message}); run the tests with \`npm test\`, which starts a keyring under D-Bus`)
    }
  })

  // Only this suite's entries (their databases live in test temp folders): never a real proxdesk key.
  afterEach(async () => {
    for (const { account } of await keytar.findCredentials(KEYCHAIN_SERVICE)) {
      if (account.includes(join(tmpdir(), 'proxdesk-test-'))) await keytar.deletePassword(KEYCHAIN_SERVICE, account)
    }
  })

  it('sets, gets and deletes secrets in the keyring, under service proxdesk', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const store = new KeychainSecretStore(keytar, dbPath)
    expect(store.kind).toBe('os-keychain')
    expect(await store.get('smtp.password')).toBeNull()
    await store.set('smtp.password', 'PLAIN-SMTP-PASSWORD')
    expect(await store.get('smtp.password')).toBe('PLAIN-SMTP-PASSWORD')
    expect(secretToolLookup(keychainAccount('smtp.password', dbPath))).toBe('PLAIN-SMTP-PASSWORD')
    expect(await store.delete('smtp.password')).toBe(true)
    expect(await store.delete('smtp.password')).toBe(false)
    expect(await store.get('smtp.password')).toBeNull()
    expect(secretToolLookup(keychainAccount('smtp.password', dbPath))).toBeNull()
  })

  it('creates the master key on first run and reuses it, one per database', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const first = await loadMasterKey(new KeychainSecretStore(keytar, dbPath))
    expect(first.created).toBe(true)
    expect(secretToolLookup(`master-key@${dbPath}`)).toBe(first.key.toString('hex'))
    expect(await loadMasterKey(new KeychainSecretStore(keytar, dbPath))).toEqual({ key: first.key, created: false })
    const other = await loadMasterKey(new KeychainSecretStore(keytar, join(tempDir(), 'other.db')))
    expect(other.created).toBe(true)
    expect(other.key.equals(first.key)).toBe(false)
  })

  it('is what a desktop database uses, and system.info says so', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const logger = pino({ level: 'silent' })
    for (const run of ['first run', 'second run']) {
      const { store, keychainUnavailable } = await openDesktopSecretStore(dbPath, () => keytar, {})
      expect(keychainUnavailable, run).toBeNull()
      const { key } = await loadMasterKey(store)
      const db = openDatabase(dbPath)
      try {
        // A second run with another key would be refused here: the database checks the key it was created with.
        const services = createServices({ db, logger, secretKey: key, secretStore: store.kind, publicUrl: 'http://127.0.0.1:8787' })
        const info = await services.dispatcher.call('system.info', {}, { ip: null, trustedActor: { id: null, username: 'desktop', permission: 'admin' } })
        expect(info.ok && info.data.secret_store, run).toBe('os-keychain')
      } finally {
        db.close()
      }
    }
  })

  it('keeps using a key file the database already has (made by `proxdesk serve`), unless the keychain has the key', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    writeFileSync(`${dbPath}.key`, 'c3'.repeat(32), { mode: 0o600 })
    const withFile = await openDesktopSecretStore(dbPath, () => keytar, {})
    expect(withFile.store.kind).toBe('key-file')
    expect((await loadMasterKey(withFile.store)).key.toString('hex')).toBe('c3'.repeat(32))
    await keytar.setPassword(KEYCHAIN_SERVICE, keychainAccount(MASTER_KEY_SECRET, dbPath), 'd4'.repeat(32))
    expect((await openDesktopSecretStore(dbPath, () => keytar, {})).store.kind).toBe('os-keychain')
  })

  it('falls back to a key file, and says why, when there is no keychain', async () => {
    const dbPath = join(tempDir(), 'proxdesk.db')
    const noLibsecret = await openDesktopSecretStore(dbPath, () => {
      throw new Error('libsecret-1.so.0: cannot open shared object file')
    }, {})
    expect(noLibsecret.store.kind).toBe('key-file')
    expect(noLibsecret.keychainUnavailable).toMatch(/libsecret/)
    const noSecretService: Keychain = { ...keytar, getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) }
    const noDbus = await openDesktopSecretStore(dbPath, () => noSecretService, {})
    expect(noDbus.store.kind).toBe('key-file')
    expect(noDbus.keychainUnavailable).toMatch(/D-Bus/)
  })

  it('lets PROXDESK_SECRET_KEY override the keychain', async () => {
    const { store } = await openDesktopSecretStore(join(tempDir(), 'proxdesk.db'), () => keytar, { PROXDESK_SECRET_KEY: 'e5'.repeat(32) })
    expect(store.kind).toBe('env')
  })
})
