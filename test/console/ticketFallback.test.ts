// PVE before the April 2026 updates refuses an API token's terminal login (termproxy checked it with /access/ticket).
// The fake is current, so that refusal is played here: termproxy's answer to a token user is to close the socket.
import { describe, expect, it, vi } from 'vitest'
import { termproxyInput } from '@shared/domain/console'
import type { ConsoleClient } from '../../src-main/core/console/consoleRelay'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'
import { adminCtx } from '../helpers/testServices'

const logins: string[] = []

vi.mock('../../src-main/core/console/termproxyLogin', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/core/console/termproxyLogin')>()
  return {
    ...real,
    termproxyLogin: (...args: Parameters<typeof real.termproxyLogin>) => {
      const [socket, , user] = args
      logins.push(user)
      if (!user.includes('!')) return real.termproxyLogin(...args)
      socket.close()
      return Promise.reject(new real.TermproxyRefused('PVE closed the terminal at login'))
    },
  }
})

const pveWorld = usePveWorld()

async function roundTrip(world: PveWorld, id: number): Promise<string> {
  const consoles = world.api.core.services.consoles
  const session = await consoles.open(id, 'terminal', adminCtx)
  let text = ''
  const client: ConsoleClient = { send: (data, done) => ((text += data.toString('utf8')), done()), close: () => {}, pause: () => {}, resume: () => {} }
  const relay = consoles.attach(consoles.claim(session.token, 'ipc')!, client)
  relay.fromClient(termproxyInput('echo proxdesk-$((6*7))\r'))
  await vi.waitFor(() => expect(text).toContain('proxdesk-42'))
  relay.clientClosed()
  await relay.closed
  return text
}

describe('terminal on a PVE that refuses API tokens there', () => {
  it('logs in with the connection’s password instead', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    await world.admin('PUT', `/api/pve/connections/${world.connectionId}`, { username: 'root@pam', password: world.fake.rootPassword }, 200)
    logins.length = 0
    await roundTrip(world, container.id)
    expect(logins).toEqual(['root@pam!proxdesk', 'root@pam'])
  })

  it('says PVE refused the login when there is no password to fall back to', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    await expect(world.api.core.services.consoles.open(container.id, 'terminal', adminCtx)).rejects.toMatchObject({ code: 'UPSTREAM_AUTH' })
  })

  it('works with a password-only connection (ticket cookie on the websocket)', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    await world.admin('PUT', `/api/pve/connections/${world.connectionId}`, { token_id: null, token_secret: null, username: 'root@pam', password: world.fake.rootPassword }, 200)
    logins.length = 0
    await roundTrip(world, container.id)
    expect(logins).toEqual(['root@pam'])
  })
})
