import { createRequire } from 'node:module'
import type { Keychain } from '../core/secrets/keychainSecretStore'

/**
 * keytar is CommonJS, and Node's ESM loader sees only one of its exports by name, so it is required. It is an
 * N-API addon: the Node build in node_modules loads in Electron too, with no separate Electron build.
 */
export function loadKeychain(): Keychain {
  return createRequire(import.meta.url)('keytar') as Keychain
}
