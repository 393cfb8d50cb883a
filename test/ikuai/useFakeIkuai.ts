// A fresh fake iKuai router for every test, and clients for it, all closed afterwards.
import { afterEach } from 'vitest'
import { IkuaiClient, type IkuaiClientOptions, type IkuaiRouterConfig } from '../../src-main/core/ikuai/ikuaiClient'
import type { FakeIkuai, FakeIkuaiOptions } from '../fakes/ikuai/index'
import { useFreshFakeIkuai } from '../fakes/ikuai/testing'

export interface FakeIkuaiHarness {
  fake: () => FakeIkuai
  /** A client with the fake's credentials (and certificate pinned, over https), unless `config` says otherwise. */
  client: (config?: Partial<IkuaiRouterConfig>, options?: IkuaiClientOptions) => IkuaiClient
}

export function useFakeIkuai(options: FakeIkuaiOptions = {}): FakeIkuaiHarness {
  const fake = useFreshFakeIkuai(options)
  const clients: IkuaiClient[] = []
  // After-hooks run last-registered first: the clients close before the fake does.
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()))
  })
  return {
    fake,
    client: (config = {}, clientOptions) => {
      const { url, username, password, fingerprint } = fake()
      const client = new IkuaiClient({ baseUrl: url, username, password, fingerprint, timeoutMs: 2_000, ...config }, clientOptions)
      clients.push(client)
      return client
    },
  }
}
