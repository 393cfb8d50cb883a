// Starts the fake PVE for a test file and hands out clients for it, closing everything afterwards.
import { afterAll, afterEach, beforeAll } from 'vitest'
import { PveClient, type PveClientOptions } from '../../src-main/core/pve/pveClient'
import type { PveConnectionConfig } from '../../src-main/core/pve/pveConnection'
import { startFakePve, type FakePve, type FakePveOptions } from '../fakes/pve/index'

export interface FakePveHarness {
  fake: () => FakePve
  /** A client with the root API token and the fake's certificate pinned, unless `config` says otherwise. */
  client: (config?: Partial<PveConnectionConfig>, options?: PveClientOptions) => PveClient
  /** A client logging in with root@pam's password instead of a token. */
  ticketClient: (config?: Partial<PveConnectionConfig>, options?: PveClientOptions) => PveClient
}

export function useFakePve(options: FakePveOptions = {}): FakePveHarness {
  let fake: FakePve | undefined
  const clients: PveClient[] = []
  beforeAll(async () => {
    fake = await startFakePve({ authFailureDelayMs: 0, ...options })
  })
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()))
    fake?.faults.clear()
  })
  afterAll(async () => {
    await fake?.close()
  })
  const current = () => {
    if (!fake) throw new Error('the fake PVE is not running')
    return fake
  }
  const make = (config: PveConnectionConfig, clientOptions: PveClientOptions = {}) => {
    const client = new PveClient(config, { retryBaseDelayMs: 20, ...clientOptions })
    clients.push(client)
    return client
  }
  return {
    fake: current,
    client: (config = {}, clientOptions) =>
      make({ baseUrl: current().url, tokenId: current().rootToken.tokenId, tokenSecret: current().rootToken.secret, fingerprint: current().fingerprint, timeoutMs: 5_000, ...config }, clientOptions),
    ticketClient: (config = {}, clientOptions) =>
      make({ baseUrl: current().url, username: 'root@pam', password: current().rootPassword, fingerprint: current().fingerprint, timeoutMs: 5_000, ...config }, clientOptions),
  }
}
