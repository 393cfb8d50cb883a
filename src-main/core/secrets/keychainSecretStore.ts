// The OS keychain through keytar (macOS Keychain, Windows Credential Vault, the Secret Service on Linux).
// Entries live under the service `proxdesk`; the account names the secret and the database it belongs to, so two
// databases on one machine never share a master key.
import { resolve } from 'node:path'
import type * as keytar from 'keytar'
import type { SecretStore } from './secretStore'

/** The three keytar calls we use; passed in so only the desktop loads the native module. */
export type Keychain = Pick<typeof keytar, 'getPassword' | 'setPassword' | 'deletePassword'>

export const KEYCHAIN_SERVICE = 'proxdesk'

export function keychainAccount(name: string, dbPath: string): string {
  return `${name}@${resolve(dbPath)}`
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'os-keychain'
  readonly location: string

  constructor(
    private readonly keychain: Keychain,
    private readonly dbPath: string,
  ) {
    this.location = `OS keychain, service ${KEYCHAIN_SERVICE}, account ${keychainAccount('<name>', dbPath)}`
  }

  get(name: string): Promise<string | null> {
    return this.keychain.getPassword(KEYCHAIN_SERVICE, keychainAccount(name, this.dbPath))
  }

  set(name: string, value: string): Promise<void> {
    return this.keychain.setPassword(KEYCHAIN_SERVICE, keychainAccount(name, this.dbPath), value)
  }

  delete(name: string): Promise<boolean> {
    return this.keychain.deletePassword(KEYCHAIN_SERVICE, keychainAccount(name, this.dbPath))
  }
}
