// The database master key (FieldCipher's key) is one secret in the SecretStore, created on first start.
import { randomBytes } from 'node:crypto'
import { parseSecretKey } from './keyFile'
import { MASTER_KEY_SECRET, type SecretStore } from './secretStore'

export interface MasterKey {
  key: Buffer
  /** True when this call created it: the operator should back it up together with the database. */
  created: boolean
}

export async function loadMasterKey(store: SecretStore): Promise<MasterKey> {
  const stored = await store.get(MASTER_KEY_SECRET)
  if (stored !== null) return { key: parseSecretKey(stored, store.location), created: false }
  const fresh = randomBytes(32).toString('hex')
  try {
    await store.set(MASTER_KEY_SECRET, fresh)
  } catch (error) {
    // Another process may have created it between our get and set; then theirs is the key.
    const theirs = await store.get(MASTER_KEY_SECRET)
    if (theirs === null) throw error
    return { key: parseSecretKey(theirs, store.location), created: false }
  }
  // Read back: a store that dropped the write would leave a database whose secrets nobody can decrypt.
  if ((await store.get(MASTER_KEY_SECRET)) !== fresh) throw new Error(`${store.location} did not keep the new master key`)
  return { key: Buffer.from(fresh, 'hex'), created: true }
}
