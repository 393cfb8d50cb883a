import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { captureLogs } from '../pve/captureLogs'
import { newRule } from './rules'
import { useFakeIkuai } from './useFakeIkuai'

describe.each([3, 4] as const)('iKuai %d.x: login and session', (generation) => {
  const router = useFakeIkuai({ generation, password: 'Pässwörd#1' })

  it('logs in with the majority form and reports the reply generation', async () => {
    expect(await router.client().login()).toEqual({ generation })
    expect(router.fake().logins).toEqual([
      {
        username: 'admin',
        passwd: createHash('md5').update('Pässwörd#1', 'utf8').digest('hex'),
        pass: Buffer.from('salt_11Pässwörd#1', 'utf8').toString('base64'),
        remember_password: '',
      },
    ])
  })

  it('logs in once, lazily, for concurrent first calls and keeps the session', async () => {
    const client = router.client()
    await Promise.all([client.listDnat(), client.listDnat(), client.addDnat(newRule())])
    await client.listDnat()
    expect(router.fake().loginCount).toBe(1)
    expect(router.fake().calls.map((call) => call.action).sort()).toEqual(['add', 'show', 'show', 'show'])
  })

  it('reports a refused login as UPSTREAM_AUTH with the router message, without secrets, and does not retry', async () => {
    const client = router.client({ password: 'wrong-password' })
    const failure = client.listDnat()
    await expect(failure).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('用户名或密码错误') })
    const message = ((await failure.catch((error: unknown) => error)) as Error).message
    const md5 = createHash('md5').update('wrong-password').digest('hex')
    for (const secret of ['wrong-password', md5, Buffer.from('salt_11wrong-password').toString('base64')]) expect(message).not.toContain(secret)
    expect(router.fake().loginCount).toBe(1)
    expect(router.fake().calls).toEqual([])
  })

  it('logs in again once when the session expired and replays the call', async () => {
    const client = router.client()
    await client.listDnat()
    router.fake().expireSessions()
    expect(await client.addDnat(newRule())).toBe(1)
    expect(router.fake().loginCount).toBe(2)
    expect(router.fake().calls.map((call) => call.action)).toEqual(['show', 'add', 'add'])
    expect(router.fake().rules.size).toBe(1)
  })

  it('shares one new login among concurrent calls that found the session expired', async () => {
    const client = router.client()
    await client.login()
    router.fake().expireSessions()
    await Promise.all([client.listDnat(), client.listDnat({ lanAddr: '10.0.0.5' }), client.listDnat({ commentPrefix: 'proxdesk:' })])
    expect(router.fake().loginCount).toBe(2)
  })

  it('logs nothing secret', async () => {
    const logs = captureLogs()
    const client = router.client({}, { logger: logs.logger })
    await client.addDnat(newRule())
    router.fake().expireSessions()
    await client.listDnat()
    await expect(router.client({ password: 'nope' }, { logger: logs.logger }).login()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH' })
    const text = logs.text()
    expect(logs.lines().filter((line) => line.msg === 'ikuai call')).toHaveLength(6)
    expect(text).toContain('ikuai session expired, logging in again')
    // sess_key values and MD5 hashes are both 32 hex digits.
    expect(text).not.toMatch(/[0-9a-f]{32}/i)
    for (const secret of ['Pässwörd#1', 'nope', Buffer.from('salt_11Pässwörd#1').toString('base64'), 'passwd', 'sess_key']) expect(text).not.toContain(secret)
  })
})

describe.each([3, 4] as const)('iKuai %d.x: a router that ends every session at once', (generation) => {
  const router = useFakeIkuai({ generation, sessionTtlMs: 0 })

  it('fails after one new login instead of looping', async () => {
    await expect(router.client().listDnat()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('right after a new login') })
    expect(router.fake().loginCount).toBe(2)
    expect(router.fake().calls).toHaveLength(2)
  })
})
