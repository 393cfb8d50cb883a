import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { startXvnc, xvncAvailable, type XvncServer } from '../../helpers/xvnc'
import { createRunningContainer, opened, openConsoleSocket, TEMPLATE, termData, vncLogin } from './consoleTestClient'
import { startFakePve, type FakePve } from './index'
import { pveTestClient, rootTokenOf, type Credentials, type PveTestClient } from './pveTestClient'


describe('fake PVE: termproxy over vncwebsocket', () => {
  let fake: FakePve
  let client: PveTestClient
  let clockOffsetMs = 0
  const sockets: WebSocket[] = []
  let alice: Credentials

  beforeAll(async () => {
    fake = await startFakePve({ taskDurationMs: 10, now: () => Date.now() + clockOffsetMs })
    client = pveTestClient(fake)
    for (const vmid of [105, 106]) {
      const created = await client.call('POST', '/nodes/pve1/lxc', {
        params: { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', start: vmid === 105 ? 1 : 0 },
      })
      await client.waitForTask(created.json.data)
    }
    await client.call('POST', '/access/users', { params: { userid: 'alice@pve', password: 'alice-password' } })
    await client.call('PUT', '/access/acl', { params: { path: '/vms/105', roles: 'PVEVMUser', users: 'alice@pve' } })
    const token = await client.call('POST', '/access/users/alice@pve/token/console', { params: { privsep: 0 } })
    alice = { kind: 'token', tokenId: 'alice@pve!console', secret: token.json.data.value }
  })

  afterEach(() => {
    clockOffsetMs = 0
    for (const socket of sockets.splice(0)) socket.terminate()
  })

  afterAll(async () => {
    await client.close()
    await fake.close()
  })

  async function termproxy(as: Credentials = rootTokenOf(fake), vmid = 105): Promise<{ user: string; ticket: string; port: number; upid: string }> {
    const reply = await client.call('POST', `/nodes/pve1/lxc/${vmid}/termproxy`, { as })
    expect(reply.status, reply.statusText).toBe(200)
    return reply.json.data
  }

  async function connect(proxy: { ticket: string; port: number }, as: Credentials = rootTokenOf(fake), vmid = 105) {
    const outcome = opened(await openConsoleSocket(fake, { vmid, port: proxy.port, ticket: proxy.ticket, as }))
    sockets.push(outcome.socket)
    return outcome
  }

  async function loggedIn(as: Credentials = rootTokenOf(fake)) {
    const proxy = await termproxy(as)
    const session = await connect(proxy, as)
    session.socket.send(`${proxy.user}:${proxy.ticket}\n`)
    expect((await session.reader.read(2)).toString()).toBe('OK')
    await session.reader.waitForText('# ')
    return { ...session, proxy }
  }

  it('answers termproxy with user, ticket, a console port and a running vncproxy task', async () => {
    const proxy = await termproxy()
    expect(proxy.user).toBe('root@pam!proxdesk')
    expect(proxy.ticket).toMatch(/^PVEVNC:[0-9A-F]{8}::\S+$/)
    expect(proxy.port).toBeGreaterThanOrEqual(5900)
    expect(proxy.port).toBeLessThanOrEqual(5999)
    expect(proxy.upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vncproxy:105:root@pam!proxdesk:$/)
    const status = await client.call('GET', `/nodes/pve1/tasks/${encodeURIComponent(proxy.upid)}/status`)
    expect(status.json.data.status).toBe('running')
    const second = await termproxy()
    expect(second.port).not.toBe(proxy.port)
  })

  it('runs a shell behind the websocket: auth line, OK, then terminal bytes in binary frames', async () => {
    const { socket, reader } = await loggedIn(alice)
    expect(socket.protocol).toBe('binary')
    socket.send(termData('echo proxdesk-$((6*7))\r'))
    await reader.waitForText('proxdesk-42')
    expect(reader.binaryFrames).toBe(true)
  })

  it('counts UTF-8 bytes in the length and resizes the pseudo-terminal', async () => {
    const { socket, reader } = await loggedIn()
    socket.send(termData('echo "ünï-$((1+1))"\r'))
    await reader.waitForText('ünï-2')
    socket.send('1:100:30:')
    socket.send(termData('stty size\r'))
    await reader.waitForText(/\r30 100\r\n/)
  })

  it('parses the input as a byte stream: messages merged into one frame and split across frames', async () => {
    const { socket, reader } = await loggedIn()
    socket.send(`2${termData('echo mer')}1:90:20:${termData('ged-$((2*3))\r')}2`)
    await reader.waitForText('merged-6')
    const message = termData('stty size; echo split-$((3*3))\r')
    socket.send(message.slice(0, 1))
    socket.send(message.slice(1, 5))
    socket.send(Buffer.from(message.slice(5, 20)))
    socket.send(message.slice(20))
    await reader.waitForText(/\r20 90\r\nsplit-9\r\n/)
  })

  it('accepts the auth line and the first input in one frame', async () => {
    const proxy = await termproxy()
    const { socket, reader } = await connect(proxy)
    socket.send(`${proxy.user}:${proxy.ticket}\n${termData('echo together-$((5*5))\r')}`)
    expect((await reader.read(2)).toString()).toBe('OK')
    await reader.waitForText('together-25')
  })

  it('ends the shell and the proxy task when the socket closes', async () => {
    const { socket, reader, proxy } = await loggedIn()
    socket.send(termData('echo $$\r'))
    const pid = Number(/\r(\d+)\r\n/.exec(await reader.waitForText(/\r\d+\r\n/))![1])
    socket.close()
    expect(await client.waitForTask(proxy.upid)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
    await expect.poll(() => {
      try {
        process.kill(pid, 0)
        return 'alive'
      } catch {
        return 'gone'
      }
    }).toBe('gone')
  })

  it('closes the socket when the auth line names another user or carries a wrong ticket', async () => {
    const proxy = await termproxy()
    const wrongUser = await connect(proxy)
    wrongUser.socket.send(`alice@pve:${proxy.ticket}\n`)
    await wrongUser.reader.waitForClose()
    expect(wrongUser.reader.text()).toBe('')

    const next = await termproxy()
    const forged = await connect(next)
    forged.socket.send(`${next.user}:${next.ticket.replace(/::.*/, '::Zm9yZ2Vk')}\n`)
    await forged.reader.waitForClose()
    expect(forged.reader.text()).toBe('')
  })

  it('refuses the upgrade with 401 for a wrong ticket, another token, an expired ticket, and without credentials', async () => {
    const proxy = await termproxy()
    const forged = await openConsoleSocket(fake, { vmid: 105, port: proxy.port, ticket: `${proxy.ticket}x`, as: rootTokenOf(fake) })
    expect(forged).toMatchObject({ kind: 'refused', status: 401, statusText: 'permission denied - invalid PVEVNC ticket' })
    if (forged.kind === 'refused') expect(JSON.parse(forged.body)).toEqual({ data: null, message: 'permission denied - invalid PVEVNC ticket\n' })

    const otherToken = await openConsoleSocket(fake, { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: alice })
    expect(otherToken).toMatchObject({ kind: 'refused', status: 401 })

    const otherPort = await openConsoleSocket(fake, { vmid: 105, port: proxy.port + 1, ticket: proxy.ticket, as: rootTokenOf(fake) })
    expect(otherPort).toMatchObject({ kind: 'refused', status: 401 })

    const anonymous = await openConsoleSocket(fake, { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: { kind: 'none' } })
    expect(anonymous).toMatchObject({ kind: 'refused', status: 401, statusText: 'No ticket', body: '' })

    clockOffsetMs = 41_000
    const expired = await openConsoleSocket(fake, { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: rootTokenOf(fake) })
    expect(expired).toMatchObject({ kind: 'refused', status: 401 })
    clockOffsetMs = -21_000
    const early = await openConsoleSocket(fake, { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: rootTokenOf(fake) })
    expect(early).toMatchObject({ kind: 'refused', status: 401 })
  })

  it('accepts the ticket-cookie login on the websocket as well', async () => {
    const ticket = await client.login('alice@pve', 'alice-password')
    const { reader, socket } = await loggedIn(ticket)
    socket.send(termData('echo cookie-$((4*4))\r'))
    await reader.waitForText('cookie-16')
  })

  it('refuses bad ports, a missing CT and callers without VM.Console like PVE', async () => {
    const proxy = await termproxy()
    const badPort = await openConsoleSocket(fake, { vmid: 105, port: 6000, ticket: proxy.ticket, as: rootTokenOf(fake) })
    expect(badPort).toMatchObject({ kind: 'refused', status: 400, statusText: 'Parameter verification failed.' })
    if (badPort.kind === 'refused') expect(JSON.parse(badPort.body).errors).toEqual({ port: 'value must have a maximum value of 5999' })
    expect(fake.schemaViolations).toEqual([
      { method: 'GET', path: '/nodes/{node}/lxc/{vmid}/vncwebsocket', errors: { port: 'value must have a maximum value of 5999' } },
    ])
    fake.schemaViolations.length = 0

    const missing = await client.call('POST', '/nodes/pve1/lxc/107/termproxy')
    expect([missing.status, missing.statusText]).toEqual([500, "Configuration file 'nodes/pve1/lxc/107.conf' does not exist"])

    const denied = await client.call('POST', '/nodes/pve1/lxc/106/termproxy', { as: alice })
    expect([denied.status, denied.statusText]).toEqual([403, 'Permission check failed (/vms/106, VM.Console)'])
    const deniedSocket = await openConsoleSocket(fake, { vmid: 106, port: proxy.port, ticket: proxy.ticket, as: alice })
    expect(deniedSocket).toMatchObject({ kind: 'refused', status: 403 })
    expect(fake.schemaViolations).toEqual([])
  })

  it('lets the console of a stopped CT connect, then ends it the way lxc-console does', async () => {
    const proxy = await termproxy(rootTokenOf(fake), 106)
    const { socket, reader } = await connect(proxy, rootTokenOf(fake), 106)
    socket.send(`${proxy.user}:${proxy.ticket}\n`)
    await reader.waitForClose()
    expect(reader.text()).toMatch(/^OKlxc-console: 106: .* 106 is not running\r\n$/)
    expect(await client.waitForTask(proxy.upid)).toMatchObject({ status: 'stopped' })

    const vnc = (await client.call('POST', '/nodes/pve1/lxc/106/vncproxy', { params: { websocket: 1 } })).json.data
    const vncSession = await connect(vnc, rootTokenOf(fake), 106)
    expect(await vncSession.reader.waitForClose()).toEqual({ code: 1011, reason: 'CT 106 is not running' })
  })

  it('kills the proxy when its task is stopped', async () => {
    const proxy = await termproxy()
    await client.call('DELETE', `/nodes/pve1/tasks/${encodeURIComponent(proxy.upid)}`)
    expect(await client.waitForTask(proxy.upid)).toMatchObject({ exitstatus: 'received interrupt' })
    const late = await connect(proxy)
    expect(await late.reader.waitForClose()).toEqual({ code: 1011, reason: `connect to 'localhost:${proxy.port}' failed: Connection refused` })
  })

  it('applies injected faults to the upgrade request', async () => {
    const proxy = await termproxy()
    const target = { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: rootTokenOf(fake) }
    fake.faults.set({ kind: 'status', status: 596, match: { pathPrefix: '/api2/json/nodes/pve1/lxc/105/vncwebsocket' }, times: 1 })
    expect(await openConsoleSocket(fake, target)).toMatchObject({ kind: 'refused', status: 596 })
    fake.faults.set({ kind: 'reset', match: { pathPrefix: '/api2/json/nodes/pve1/lxc/105/vncwebsocket' }, times: 1 })
    await expect(openConsoleSocket(fake, target)).rejects.toThrow(/socket hang up|ECONNRESET/)
    const session = opened(await openConsoleSocket(fake, target))
    sockets.push(session.socket)
  })

  it('gives only one websocket to a proxy', async () => {
    const { proxy } = await loggedIn()
    const second = await connect(proxy)
    expect(await second.reader.waitForClose()).toMatchObject({ code: 1011 })
  })

  it('verifies console tickets through POST /access/vncticket like termproxy does', async () => {
    const proxy = await termproxy(alice)
    const verify = (params: Record<string, string | number>) =>
      client.call('POST', '/access/vncticket', { as: { kind: 'none' }, params: { authid: 'alice@pve!console', path: '/vms/105', privs: 'VM.Console', vncticket: proxy.ticket, ...params } })
    expect((await verify({ port: proxy.port })).status).toBe(200)
    expect((await verify({})).status).toBe(200)
    expect((await verify({ port: proxy.port + 1 })).status).toBe(401)
    expect((await verify({ authid: 'root@pam' })).status).toBe(401)
    expect((await verify({ privs: 'VM.Allocate' })).status).toBe(403)
  })

  it('records no schema violations for the valid console calls', () => {
    expect(fake.schemaViolations).toEqual([])
  })
})

describe.skipIf(!xvncAvailable)('fake PVE: vncproxy relayed to a real VNC server', () => {
  let xvnc: XvncServer
  let fake: FakePve
  let client: PveTestClient
  const sockets: WebSocket[] = []

  beforeAll(async () => {
    xvnc = await startXvnc()
    fake = await startFakePve({ taskDurationMs: 10, console: { vnc: { host: xvnc.host, port: xvnc.port, passwordFile: xvnc.passwordFile } } })
    client = pveTestClient(fake)
    await createRunningContainer(client)
  })

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate()
  })

  afterAll(async () => {
    await client.close()
    await fake.close()
    await xvnc.stop()
  })

  async function vncproxy(params: Record<string, number> = { websocket: 1 }) {
    const reply = await client.call('POST', '/nodes/pve1/lxc/105/vncproxy', { params })
    expect(reply.status, reply.statusText).toBe(200)
    return reply.json.data as { user: string; ticket: string; port: number; upid: string; cert: string; password?: string }
  }

  async function connect(proxy: { ticket: string; port: number }) {
    const outcome = opened(await openConsoleSocket(fake, { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: rootTokenOf(fake) }))
    sockets.push(outcome.socket)
    return outcome
  }

  it('answers vncproxy websocket=1 with an 8-character VNC password that starts the ticket', async () => {
    const proxy = await vncproxy({ websocket: 1, width: 800, height: 600 })
    expect(proxy.password).toMatch(/^[!-~]{8}$/)
    expect(proxy.ticket.startsWith(`${proxy.password}:PVEVNC:`)).toBe(true)
    expect(proxy).toMatchObject({ user: 'root@pam!proxdesk', cert: fake.caPem })
    expect(proxy.upid).toMatch(/:vncproxy:105:root@pam!proxdesk:$/)
    const plain = await vncproxy({})
    expect(plain.password).toBeUndefined()
    expect(plain.ticket).toMatch(/^PVEVNC:[0-9A-F]{8}::\S+$/)
    expect(fake.schemaViolations).toEqual([])
  })

  it('relays the RFB stream untouched: VncAuth with the returned password opens the 800x600 weave screen', async () => {
    const proxy = await vncproxy()
    const session = await connect(proxy)
    expect(await vncLogin(session, proxy.password!)).toBe(0)
    const { socket, reader } = session
    socket.send(Buffer.from([1]))
    const init = await reader.read(24)
    expect([init.readUInt16BE(0), init.readUInt16BE(2)]).toEqual([800, 600])
    await reader.read(init.readUInt32BE(20))
    const bytesPerPixel = init[4]! / 8
    // SetEncodings [raw], then a full update of a 16x16 corner.
    socket.send(Buffer.from([2, 0, 0, 1, 0, 0, 0, 0]))
    socket.send(Buffer.from([3, 0, 0, 0, 0, 0, 0, 16, 0, 16]))
    const header = await reader.read(4)
    expect(header[0]).toBe(0)
    const pixels = new Set<string>()
    for (let rect = 0; rect < header.readUInt16BE(2); rect += 1) {
      const rectHeader = await reader.read(12)
      expect(rectHeader.readInt32BE(8)).toBe(0)
      const data = await reader.read(rectHeader.readUInt16BE(4) * rectHeader.readUInt16BE(6) * bytesPerPixel)
      for (let offset = 0; offset < data.length; offset += bytesPerPixel) pixels.add(data.subarray(offset, offset + bytesPerPixel).toString('hex'))
    }
    expect(pixels.size).toBeGreaterThan(1)
  })

  it('lets only the newest password in: an older vncproxy password fails VncAuth', async () => {
    const older = await vncproxy()
    const newer = await vncproxy()
    const stale = await connect(older)
    expect(await vncLogin(stale, older.password!)).toBe(1)
    const fresh = await connect(newer)
    expect(await vncLogin(fresh, newer.password!)).toBe(0)
  })

  it('ends the vncproxy task when the websocket closes', async () => {
    const proxy = await vncproxy()
    const session = await connect(proxy)
    expect(await vncLogin(session, proxy.password!)).toBe(0)
    session.socket.close()
    expect(await client.waitForTask(proxy.upid)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
  })
})

describe('fake PVE: vncproxy without a VNC server', () => {
  it('still answers vncproxy, then closes the websocket with a reason', async () => {
    const fake = await startFakePve({ taskDurationMs: 10 })
    const client = pveTestClient(fake)
    try {
      await createRunningContainer(client)
      const proxy = (await client.call('POST', '/nodes/pve1/lxc/105/vncproxy', { params: { websocket: 1 } })).json.data
      expect(proxy.password).toMatch(/^[!-~]{8}$/)
      const session = opened(await openConsoleSocket(fake, { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: rootTokenOf(fake) }))
      expect(await session.reader.waitForClose()).toEqual({ code: 1011, reason: expect.stringContaining('no VNC server configured') })
      expect(await client.waitForTask(proxy.upid)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
    } finally {
      await client.close()
      await fake.close()
    }
  })
})
