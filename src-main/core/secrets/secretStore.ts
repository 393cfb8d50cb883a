// Where app-level secrets live, above all the database master key that FieldCipher encrypts secret columns with.
// The desktop keeps them in the OS keychain; a headless server in an AES-256-GCM file keyed by env or a key file.
import type { SecretStoreKind } from '@shared/domain/system'

export type { SecretStoreKind }

export interface SecretStore {
  readonly kind: SecretStoreKind
  /** Where the secrets are, in words for logs: never a secret itself. */
  readonly location: string
  get(name: string): Promise<string | null>
  set(name: string, value: string): Promise<void>
  /** True when there was something to delete. */
  delete(name: string): Promise<boolean>
}

/** The name the database master key is kept under in every store. */
export const MASTER_KEY_SECRET = 'master-key'
