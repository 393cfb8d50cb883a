import { describe, expect, it } from 'vitest'
import { TICKET_RENEW_AFTER_SECONDS } from '../../src-main/core/pve/ticketSession'
import { captureLogs } from './captureLogs'
import { useFakePve } from './useFakePve'

// One clock for the fake and the client, moved forward by the tests.
let offsetMs = 0
const nowMs = () => Date.now() + offsetMs
const clientClock = { now: () => Math.floor(nowMs() / 1000) }

describe('authentication', () => {
  const pve = useFakePve({ nodes: ['pve1'], taskDurationMs: 10, now: nowMs })

  it('logs in with a ticket and sends the CSRF token on writes', async () => {
    const client = pve.ticketClient({}, { clock: clientClock })
    await client.createUser({ userid: 'csrf@pve', password: 'long-enough-1' })
    expect(pve.fake().state.users.has('csrf@pve')).toBe(true)
    await client.deleteUser('csrf@pve')
    expect(pve.fake().state.users.has('csrf@pve')).toBe(false)
  })

  it('renews the ticket with the ticket itself before it expires', async () => {
    const client = pve.ticketClient({}, { clock: clientClock })
    await client.version()
    const root = pve.fake().state.users.get('root@pam')!
    const password = root.password
    // From now on only the ticket can log in: a password login would fail.
    root.password = 'changed-elsewhere'
    try {
      offsetMs += (TICKET_RENEW_AFTER_SECONDS + 60) * 1000
      expect((await client.nodes()).length).toBe(1)
      offsetMs += (TICKET_RENEW_AFTER_SECONDS + 60) * 1000
      expect((await client.nodes()).length).toBe(1)
    } finally {
      root.password = password
    }
  })

  it('logs in again once when PVE says the ticket is invalid', async () => {
    const frozenClock = { now: () => 0 }
    const client = pve.ticketClient({}, { clock: frozenClock })
    await client.version()
    offsetMs += 3 * 60 * 60 * 1000
    expect((await client.nodes()).length).toBe(1)
    await client.createUser({ userid: 'relogin@pve' })
    expect(pve.fake().state.users.has('relogin@pve')).toBe(true)
  })

  it('returns a fresh console ticket from login(), also on a token connection with a password', async () => {
    const client = pve.client({ username: 'root@pam', password: pve.fake().rootPassword }, { clock: clientClock })
    const first = await client.login()
    const second = await client.login()
    expect(first.username).toBe('root@pam')
    expect(second.ticket).toMatch(/^PVE:root@pam:/)
    await expect(pve.client().login()).rejects.toMatchObject({ code: 'VALIDATION' })
  })

  it('maps refused credentials to UPSTREAM_AUTH without repeating any secret', async () => {
    const logs = captureLogs()
    const badPassword = 'not-the-root-password'
    const badSecret = '00000000-0000-4000-8000-000000000000'
    const ticketError = await pve.ticketClient({ password: badPassword }, { logger: logs.logger }).version().catch((error: unknown) => error)
    const tokenError = await pve.client({ tokenSecret: badSecret }, { logger: logs.logger }).version().catch((error: unknown) => error)
    expect(ticketError).toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('401') })
    expect(tokenError).toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('401') })
    for (const text of [String((ticketError as Error).message), String((tokenError as Error).message), logs.text()]) {
      expect(text).not.toContain(badPassword)
      expect(text).not.toContain(badSecret)
    }
  })

  it('maps a permission failure to UPSTREAM_AUTH with PVE’s reason', async () => {
    const state = pve.fake().state
    state.users.set('nobody@pve', { userid: 'nobody@pve', enable: true, expire: 0, tokens: new Map([['tok', { tokenid: 'tok', secret: 'nobody-secret', privsep: false, expire: 0 }]]) })
    const client = pve.client({ tokenId: 'nobody@pve!tok', tokenSecret: 'nobody-secret' })
    await expect(client.createLxc('pve1', { vmid: 150, ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' })).rejects.toMatchObject({
      code: 'UPSTREAM_AUTH',
      message: expect.stringMatching(/403 Permission check failed/),
    })
  })
})
