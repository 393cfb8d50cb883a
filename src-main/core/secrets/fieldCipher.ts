// Secret columns (proxy passwords, salamander, node keys, sub tokens) are stored as AES-256-GCM
// ciphertext. The column name is bound in as associated data, so a value cannot be moved to another column.
import { openString, sealString } from './aesGcm'

export type SecretColumn =
  | 'users.proxy_password'
  | 'users.sub_token'
  | 'node_server.salamander'
  | 'node_server.node_key'
  | 'meta.key_check'
  | 'pve_connections.token_secret'
  | 'pve_connections.password'
  | 'containers.pve_user_password'
  | 'routers.password'

export class FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes')
  }

  encrypt(plain: string, column: SecretColumn): string {
    return sealString(this.key, plain, column)
  }

  decrypt(stored: string, column: SecretColumn): string {
    return openString(this.key, stored, column)
  }

  encryptNullable(plain: string | null | undefined, column: SecretColumn): string | null {
    return plain == null ? null : this.encrypt(plain, column)
  }

  decryptNullable(stored: string | null, column: SecretColumn): string | null {
    return stored === null ? null : this.decrypt(stored, column)
  }
}
