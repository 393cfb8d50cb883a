import { describe, expect, it } from 'vitest'
import { AppError } from '../../src-shared/errors'
import { TICKET_RENEW_AFTER_SECONDS, TicketSession } from '../../src-main/core/pve/ticketSession'

function setup(options: { refuseRenewal?: boolean } = {}) {
  const clock = { seconds: 1_000_000, now() { return this.seconds } }
  const calls: Array<{ username: string; password: string }> = []
  let issued = 0
  const session = new TicketSession(
    { username: 'root@pam', password: 'root-password' },
    async (username, password) => {
      calls.push({ username, password })
      if (options.refuseRenewal && password.startsWith('PVE:')) throw new AppError('UPSTREAM_AUTH', 'refused')
      await new Promise((resolve) => setTimeout(resolve, 1))
      issued += 1
      return { ticket: `PVE:root@pam:${issued}::sig`, CSRFPreventionToken: `csrf-${issued}`, username, cap: {} }
    },
    clock,
  )
  return { clock, calls, session }
}

describe('ticket session', () => {
  it('logs in once for concurrent callers and reuses the ticket while it is young', async () => {
    const { calls, session, clock } = setup()
    const [a, b] = await Promise.all([session.current(), session.current()])
    expect(a).toBe(b)
    expect(a).toMatchObject({ ticket: 'PVE:root@pam:1::sig', csrfPreventionToken: 'csrf-1', username: 'root@pam', issuedAt: 1_000_000 })
    clock.seconds += TICKET_RENEW_AFTER_SECONDS - 1
    expect(await session.current()).toBe(a)
    expect(calls).toEqual([{ username: 'root@pam', password: 'root-password' }])
  })

  it('renews after 1h45m by sending the current ticket as the password', async () => {
    const { calls, session, clock } = setup()
    await session.current()
    clock.seconds += TICKET_RENEW_AFTER_SECONDS
    const renewed = await session.current()
    expect(renewed).toMatchObject({ ticket: 'PVE:root@pam:2::sig', issuedAt: 1_000_000 + TICKET_RENEW_AFTER_SECONDS })
    expect(calls[1]).toEqual({ username: 'root@pam', password: 'PVE:root@pam:1::sig' })
  })

  it('falls back to the password when PVE refuses the renewal', async () => {
    const { calls, session, clock } = setup({ refuseRenewal: true })
    await session.current()
    clock.seconds += 2 * 60 * 60
    expect((await session.current()).ticket).toBe('PVE:root@pam:2::sig')
    expect(calls.map((c) => c.password)).toEqual(['root-password', 'PVE:root@pam:1::sig', 'root-password'])
  })

  it('logs in again after a rejection only once, however many calls saw it', async () => {
    const { calls, session } = setup()
    const rejected = await session.current()
    const [a, b] = await Promise.all([session.replace(rejected), session.replace(rejected)])
    expect(a).toBe(b)
    expect(await session.replace(rejected)).toBe(a)
    expect(calls).toHaveLength(2)
  })

  it('refuses a user that needs two-factor authentication', async () => {
    const session = new TicketSession({ username: 'u@pve', password: 'p' }, async () => ({ NeedTFA: 1, ticket: 'PVE:u@pve:half', CSRFPreventionToken: 'x', username: 'u@pve' }), { now: () => 0 })
    await expect(session.current()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('two-factor') })
  })
})
