// For test files that use the fake: a fresh router for every test (it starts in milliseconds, so tests need
// not undo each other's rules, sessions and counters), and rows to seed it with.
import { afterEach, beforeEach } from 'vitest'
import { startFakeIkuai, type FakeIkuai, type FakeIkuaiOptions, type FakeIkuaiRule } from './index'

export function useFreshFakeIkuai(options: FakeIkuaiOptions = {}): () => FakeIkuai {
  let fake: FakeIkuai | undefined
  beforeEach(async () => {
    fake = await startFakeIkuai(options)
  })
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })
  return () => {
    if (!fake) throw new Error('the fake iKuai is not running')
    return fake
  }
}

export function seedRule(id: number, overrides: Partial<FakeIkuaiRule> = {}): FakeIkuaiRule {
  return { id, enabled: 'yes', comment: `manual ${id}`, interface: 'wan1', lan_addr: '192.168.1.10', protocol: 'tcp', wan_port: String(10_000 + id), lan_port: '22', src_addr: '', ...overrides }
}
