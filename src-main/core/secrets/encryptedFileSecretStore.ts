// The SecretStore of a machine without a keychain. Its own key, which is also the database master key, comes from
// PROXDESK_SECRET_KEY or the 0600 key file beside the database; any other secret is kept AES-256-GCM encrypted in
// `<database>.secrets`, under a key derived from it.
import { hkdfSync } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { writeFileAtomic } from '../files/writeFileAtomic'
import { openString, sealString } from './aesGcm'
import { createKeyFile, keyFilePath, parseSecretKey, readKeyFile } from './keyFile'
import { MASTER_KEY_SECRET, type SecretStore } from './secretStore'

/** Where the store's own key comes from. */
interface RootKey {
  readonly kind: 'env' | 'key-file'
  readonly location: string
  read(): string | null
  write(text: string): void
  remove(): boolean
}

function environmentKey(value: string): RootKey {
  const readOnly = () => {
    throw new Error('the master key comes from PROXDESK_SECRET_KEY; change it in the environment')
  }
  return { kind: 'env', location: 'PROXDESK_SECRET_KEY', read: () => value, write: readOnly, remove: readOnly }
}

function fileKey(path: string): RootKey {
  return {
    kind: 'key-file',
    location: path,
    read: () => readKeyFile(path),
    write: (text) => createKeyFile(path, text),
    remove: () => {
      try {
        unlinkSync(path)
        return true
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
        throw error
      }
    },
  }
}

/** Name → ciphertext. A Map, so no secret's name can ever be taken for an object key like `__proto__`. */
type SealedSecrets = Map<string, string>

export class EncryptedFileSecretStore implements SecretStore {
  readonly kind: 'env' | 'key-file'
  readonly location: string
  private readonly secretsPath: string

  private constructor(
    private readonly rootKey: RootKey,
    dbPath: string,
  ) {
    this.kind = rootKey.kind
    this.location = rootKey.location
    this.secretsPath = `${dbPath}.secrets`
  }

  static fromEnvironment(value: string, dbPath: string): EncryptedFileSecretStore {
    return new EncryptedFileSecretStore(environmentKey(value), dbPath)
  }

  static withKeyFile(dbPath: string): EncryptedFileSecretStore {
    return new EncryptedFileSecretStore(fileKey(keyFilePath(dbPath)), dbPath)
  }

  async get(name: string): Promise<string | null> {
    if (name === MASTER_KEY_SECRET) return this.rootKey.read()?.trim() ?? null
    const sealed = this.readSecrets().get(name)
    return sealed === undefined ? null : openString(this.secretsKey(), sealed, name)
  }

  async set(name: string, value: string): Promise<void> {
    if (name === MASTER_KEY_SECRET) return this.rootKey.write(value)
    const secrets = this.readSecrets()
    secrets.set(name, sealString(this.secretsKey(), value, name))
    this.writeSecrets(secrets)
  }

  async delete(name: string): Promise<boolean> {
    if (name === MASTER_KEY_SECRET) return this.rootKey.remove()
    const secrets = this.readSecrets()
    if (!secrets.delete(name)) return false
    this.writeSecrets(secrets)
    return true
  }

  /** Derived from the root key, so the secrets file and the database's columns never share a key. */
  private secretsKey(): Buffer {
    const root = this.rootKey.read()
    if (root === null) throw new Error(`${this.location} does not exist yet; load the master key first`)
    return Buffer.from(hkdfSync('sha256', parseSecretKey(root, this.location), Buffer.alloc(0), 'proxdesk secret store v1', 32))
  }

  private readSecrets(): SealedSecrets {
    try {
      return new Map(Object.entries(JSON.parse(readFileSync(this.secretsPath, 'utf8')) as Record<string, string>))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
      throw error
    }
  }

  private writeSecrets(secrets: SealedSecrets): void {
    writeFileAtomic(this.secretsPath, JSON.stringify(Object.fromEntries(secrets), null, 2) + '\n', 0o600)
  }
}
