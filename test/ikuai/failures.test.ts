import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { IkuaiClient } from '../../src-main/core/ikuai/ikuaiClient'
import { seedRule } from '../fakes/ikuai/testing'
import { newRule } from './rules'
import { useFakeIkuai } from './useFakeIkuai'

const MAYBE_DONE = 'the change may or may not have been made'

describe.each([3, 4] as const)('iKuai %d.x: failures become our errors', (generation) => {
  const router = useFakeIkuai({ generation })

  it('refuses a `timeout` token in place of the rows instead of reading it as no rules', async () => {
    router.fake().rules.set(1, seedRule(1))
    router.fake().faults.set({ kind: 'timeout-token', match: { action: 'show' }, times: 1 })
    await expect(router.client().listDnat()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/`timeout` instead of its rules/) })
    expect(await router.client().listDnat()).toHaveLength(1)
  })

  it('refuses a `timeout` token in a write reply, saying the change may have happened', async () => {
    router.fake().faults.set({ kind: 'timeout-token', match: { action: 'add' }, times: 1 })
    await expect(router.client().addDnat(newRule())).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: expect.stringMatching(new RegExp(`answered dnat add with \`timeout\` where its data belongs; ${MAYBE_DONE}`)),
    })
  })

  it('refuses invalid JSON, and after a write says the change may have happened (here it did)', async () => {
    const client = router.client()
    router.fake().faults.set({ kind: 'invalid-json', match: { action: 'show' }, times: 1 })
    await expect(client.listDnat()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/answered dnat show with invalid JSON$/) })
    router.fake().faults.set({ kind: 'invalid-json', match: { action: 'add' }, times: 1 })
    await expect(client.addDnat(newRule())).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringContaining(MAYBE_DONE) })
    expect(router.fake().rules.size).toBe(1)
  })

  it('refuses invalid JSON in the login reply', async () => {
    router.fake().faults.set({ kind: 'invalid-json', match: { path: '/Action/login' }, times: 1 })
    await expect(router.client().login()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('answered login with invalid JSON') })
  })

  it('carries the router message of a refused call', async () => {
    router.fake().faults.set({ kind: 'error', match: { action: 'del' }, message: '规则正在使用', times: 1 })
    await expect(router.client().deleteDnat(3)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/refused dnat del: 规则正在使用$/) })
  })

  it('reports an HTTP error status', async () => {
    router.fake().faults.set({ kind: 'status', status: 502, match: { action: 'show' }, times: 1 })
    await expect(router.client().listDnat()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/answered dnat show with HTTP 502 Bad Gateway$/) })
  })

  it('gives up on a hanging router within the timeout', async () => {
    router.fake().faults.set({ kind: 'hang', match: { action: 'show' } })
    const started = Date.now()
    await expect(router.client({ timeoutMs: 300 }).listDnat()).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringMatching(/did not answer within 300 ms$/) })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('says a timed-out write may have happened', async () => {
    router.fake().faults.set({ kind: 'hang', match: { action: 'up' } })
    await expect(router.client({ timeoutMs: 200 }).enableDnat(4)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining(MAYBE_DONE) })
  })

  it('reports a reset connection as unreachable, and for a write that it may have happened', async () => {
    const client = router.client()
    router.fake().faults.set({ kind: 'reset', match: { action: 'show' }, times: 1 })
    await expect(client.listDnat()).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringMatching(/^could not reach iKuai at 127\.0\.0\.1:\d+ \(\w+\)$/) })
    router.fake().faults.set({ kind: 'reset', match: { action: 'add' }, times: 1 })
    await expect(client.addDnat(newRule())).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining(MAYBE_DONE) })
    expect(router.fake().rules.size).toBe(0)
  })

  it('goes on writing after a failed write', async () => {
    const client = router.client()
    router.fake().faults.set({ kind: 'error', match: { action: 'add' }, times: 1 })
    await expect(client.addDnat(newRule())).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' })
    expect(await client.addDnat(newRule())).toBe(1)
  })
})

describe('iKuai: an address nobody answers on', () => {
  it('is unreachable, and a write there certainly did not happen', async () => {
    const client = new IkuaiClient({ baseUrl: 'http://127.0.0.1:1', username: 'admin', password: 'pw', timeoutMs: 2_000 })
    try {
      await expect(client.addDnat(newRule())).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: 'could not reach iKuai at 127.0.0.1:1 (ECONNREFUSED)' })
    } finally {
      await client.close()
    }
  })
})

describe('iKuai: a login reply that says Success but sets no session', () => {
  it('is a refused login', async () => {
    const server = createServer((_req, res) => res.end('{"Result":10000,"ErrMsg":"Success"}'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const client = new IkuaiClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, username: 'admin', password: 'pw' })
    try {
      await expect(client.login()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringMatching(/refused the login of admin: the reply set no sess_key cookie$/) })
    } finally {
      await client.close()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
