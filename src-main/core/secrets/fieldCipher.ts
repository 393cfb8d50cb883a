// Secret columns (proxy passwords, salamander, node keys, sub tokens) are stored as AES-256-GCM
// ciphertext. The column name is bound in as associated data, so a value cannot be moved to another column.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 'v1:'
const IV_BYTES = 12
const TAG_BYTES = 16

export type SecretColumn =
  | 'users.proxy_password'
  | 'users.sub_token'
  | 'node_server.salamander'
  | 'node_server.node_key'
  | 'meta.key_check'
  | 'pve_connections.token_secret'
  | 'pve_connections.password'
  | 'containers.pve_user_password'

export class FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes')
  }

  encrypt(plain: string, column: SecretColumn): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(column))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
  }

  decrypt(stored: string, column: SecretColumn): string {
    if (!stored.startsWith(VERSION)) throw new Error(`${column} holds a value that is not proxdesk ciphertext`)
    const raw = Buffer.from(stored.slice(VERSION.length), 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(column))
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  }

  encryptNullable(plain: string | null | undefined, column: SecretColumn): string | null {
    return plain == null ? null : this.encrypt(plain, column)
  }

  decryptNullable(stored: string | null, column: SecretColumn): string | null {
    return stored === null ? null : this.decrypt(stored, column)
  }
}
