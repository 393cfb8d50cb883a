// The console bridge against the fake PVE's real termproxy (a bash on a pty): the headless server's one-time
// WebSocket, the termproxy protocol through it, and what the bridge refuses.
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { WebSocket } from 'ws'
import { termproxyInput, termproxyResize } from '@shared/domain/console'
import { ConsoleService } from '../../src-main/core/console/consoleService'
import type { ConsoleClient } from '../../src-main/core/console/consoleRelay'
import { ByteReader } from '../fakes/pve/consoleTestClient'
import { usePveWorld, type PveWorld } from '../helpers/pveWorld'
import { adminCtx } from '../helpers/testServices'

const pveWorld = usePveWorld()

async function listen(world: PveWorld): Promise<string> {
  await world.api.app.listen({ host: '127.0.0.1', port: 0 })
  const address = world.api.app.server.address() as { port: number }
  return `127.0.0.1:${address.port}`
}

function connect(host: string, path: string, origin = `http://${host}`): Promise<{ socket: WebSocket; reader: ByteReader } | { status: number }> {
  const socket = new WebSocket(`ws://${host}${path}`, { origin })
  const reader = new ByteReader(socket)
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, reader }))
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }))
    socket.once('error', reject)
  })
}

async function openTerminal(world: PveWorld, id: number) {
  return world.admin('POST', `/api/containers/${id}/console`, { kind: 'terminal' }, 200)
}

/** A renderer end that only records, for driving the service directly. */
function recordingClient() {
  const chunks: Buffer[] = []
  const client: ConsoleClient & { text(): string; closedWith: string | null } = {
    closedWith: null,
    send: (data, done) => {
      chunks.push(data)
      done()
    },
    close(reason) {
      this.closedWith = reason
    },
    pause: () => {},
    resume: () => {},
    text: () => Buffer.concat(chunks).toString('utf8'),
  }
  return client
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('console bridge (terminal)', () => {
  it('runs a command and resizes the shell through the one-time WebSocket', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    const host = await listen(world)
    const session = await openTerminal(world, container.id)
    expect(session).toMatchObject({ kind: 'terminal', websocket_path: `/api/console/${session.token}` })
    expect(JSON.stringify(session)).not.toContain('PVEVNC')

    const opened = await connect(host, session.websocket_path)
    if (!('socket' in opened)) throw new Error(`refused with ${opened.status}`)
    const { socket, reader } = opened
    await reader.waitForText('# ')
    socket.send(termproxyInput('echo proxdesk-$((6*7))\r'))
    await reader.waitForText('proxdesk-42')
    socket.send(termproxyResize(100, 30))
    socket.send(termproxyInput('stty size\r'))
    await reader.waitForText('30 100')
    socket.close()

    const audit = world.api.core.services.db.all(world.api.core.services.db.qb.selectFrom('audit_log').selectAll().where('kind', '=', 'container.console'))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ target_id: String(container.id), actor: 'root' })
  })

  it('accepts a token once, from this origin only', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    const host = await listen(world)

    const foreign = await openTerminal(world, container.id)
    expect(await connect(host, foreign.websocket_path, 'https://evil.example')).toEqual({ status: 403 })

    const session = await openTerminal(world, container.id)
    const first = await connect(host, session.websocket_path)
    expect('socket' in first).toBe(true)
    expect(await connect(host, session.websocket_path)).toEqual({ status: 404 })
    expect(await connect(host, '/api/console/made-up-token-0123456789')).toEqual({ status: 404 })
    expect(await connect(host, '/api/users')).toEqual({ status: 404 })
    if ('socket' in first) first.socket.close()
  })

  it('refuses frames above 128 KiB from the browser', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    const host = await listen(world)
    const session = await openTerminal(world, container.id)
    const opened = await connect(host, session.websocket_path)
    if (!('socket' in opened)) throw new Error(`refused with ${opened.status}`)
    opened.socket.send(Buffer.alloc(128 * 1024 + 1, 0x61))
    expect((await opened.reader.waitForClose()).code).toBe(1009)
  })

  it('refuses a token whose login session ended, and one opened for the desktop app', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    const host = await listen(world)
    const session = await openTerminal(world, container.id)
    await world.admin('POST', '/api/logout', {}, 204)
    expect(await connect(host, session.websocket_path)).toEqual({ status: 404 })

    const desktop = await world.api.core.services.consoles.open(container.id, 'terminal', { actor: { id: null, username: 'desktop', permission: 'admin' }, ip: null })
    expect(await connect(host, desktop.websocket_path)).toEqual({ status: 404 })
  })

  it('says the container is stopped instead of opening a console', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    await world.admin('POST', `/api/containers/${container.id}/power/stop`, {}, 200)
    const response = await world.api.request('POST', `/api/containers/${container.id}/console`, { token: world.api.adminToken, body: { kind: 'terminal' } })
    expect(response.status).toBe(409)
    expect(response.json.error).toMatchObject({ code: 'CONFLICT', fields: { id: 'stopped' } })
    expect(response.json.error.message).toMatch(/stopped; start it/)
  })

  it('closes an unclaimed console when its token expires, and logs no ticket or token', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    const lines: string[] = []
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }))
    const s = world.api.core.services
    const consoles = new ConsoleService(s.db, s.connections, (id) => s.containers.requireRow(id), s.audit, s.clock, logger, { tokenTtlMs: 200 })

    const expiring = await consoles.open(container.id, 'terminal', adminCtx)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(consoles.claim(expiring.token, 'ipc')).toBeNull()

    const session = await consoles.open(container.id, 'terminal', adminCtx)
    const pending = consoles.claim(session.token, 'ipc')
    expect(pending).not.toBeNull()
    const client = recordingClient()
    const relay = consoles.attach(pending!, client)
    await until(() => client.text().includes('# '), 'the prompt')
    relay.fromClient(termproxyInput('echo proxdesk-$((6*7))\r'))
    await until(() => client.text().includes('proxdesk-42'), 'the output')
    relay.clientClosed()
    await relay.closed
    await consoles.close()

    const log = lines.join('')
    expect(log).toContain('console opened on PVE')
    expect(log).toContain('console closed')
    for (const secret of [session.token, expiring.token, 'PVEVNC', world.fake.rootToken.secret]) expect(log).not.toContain(secret)
  })
})
