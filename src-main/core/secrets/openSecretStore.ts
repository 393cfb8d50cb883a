// Which SecretStore a process uses. PROXDESK_SECRET_KEY always wins, so an operator can pin the key explicitly.
import { existsSync } from 'node:fs'
import { EncryptedFileSecretStore } from './encryptedFileSecretStore'
import { KeychainSecretStore, type Keychain } from './keychainSecretStore'
import { keyFilePath } from './keyFile'
import { MASTER_KEY_SECRET, type SecretStore } from './secretStore'

/** The headless server and the CLI: PROXDESK_SECRET_KEY, else the key file beside the database. */
export function openHeadlessSecretStore(dbPath: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const envKey = env.PROXDESK_SECRET_KEY
  return envKey ? EncryptedFileSecretStore.fromEnvironment(envKey, dbPath) : EncryptedFileSecretStore.withKeyFile(dbPath)
}

export interface DesktopSecretStore {
  store: SecretStore
  /** Set when the keychain could not be used (no Secret Service, no libsecret) and a key file is used instead. */
  keychainUnavailable: string | null
}

/**
 * The desktop app: the OS keychain, unless the database already has its key elsewhere. A key already in the
 * keychain wins; then an existing key file (the database may have been created by `proxdesk serve`); a new key
 * goes into the keychain, or into a key file when this desktop has no keychain (Linux without a Secret Service).
 * `loadKeychain` loads keytar, which itself fails where libsecret is not installed.
 */
export async function openDesktopSecretStore(dbPath: string, loadKeychain: () => Keychain, env: NodeJS.ProcessEnv = process.env): Promise<DesktopSecretStore> {
  if (env.PROXDESK_SECRET_KEY) return { store: openHeadlessSecretStore(dbPath, env), keychainUnavailable: null }
  try {
    const keychainStore = new KeychainSecretStore(loadKeychain(), dbPath)
    if ((await keychainStore.get(MASTER_KEY_SECRET)) !== null || !existsSync(keyFilePath(dbPath))) {
      return { store: keychainStore, keychainUnavailable: null }
    }
    return { store: EncryptedFileSecretStore.withKeyFile(dbPath), keychainUnavailable: null }
  } catch (error) {
    return { store: EncryptedFileSecretStore.withKeyFile(dbPath), keychainUnavailable: (error as Error).message }
  }
}
