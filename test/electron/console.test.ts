// The desktop console on the stand-in electron: the MessagePort hand-off relayed to the fake PVE's terminal, and
// PVE's own console page in an isolated, pinned session partition.
import { X509Certificate } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import pino from 'pino'
import { CONSOLE_ATTACH_CHANNEL, CONSOLE_PORT_CHANNEL, termproxyInput, type ConsolePortData } from '@shared/domain/console'
import { registerConsolePorts } from '../../src-main/electron/consolePorts'
import { pveConsoleWindowOpener } from '../../src-main/electron/consolePveWindow'
import { DESKTOP_OPERATOR } from '../../src-main/electron/ipc'
import { trustedSender } from '../../src-main/electron/senderCheck'
import { appOrigin } from '../../src-main/electron/appOrigin'
import { usePveWorld } from '../helpers/pveWorld'
import type * as Fake from './fakeElectron'

vi.mock('electron', () => import('./fakeElectron'))

const OUR_FRAME = { url: 'app://proxdesk/index.html', parent: null }
const FOREIGN_FRAME = { url: 'https://evil.example/', parent: null }
const silent = pino({ level: 'silent' })
const pveWorld = usePveWorld()

let electron: typeof Fake
beforeEach(async () => {
  electron = (await import('electron')) as unknown as typeof Fake
  electron.resetFakeElectron()
})
afterEach(() => electron.resetFakeElectron())

/** The page's side of the port: collects text and notes the close message. */
function pageEnd(port: Fake.FakeMessagePortMain) {
  let text = ''
  let closed: string | null = null
  port.on('message', ({ data }: { data: ConsolePortData }) => {
    if (typeof data === 'string') text += data
    else if (data instanceof Uint8Array) text += Buffer.from(data).toString('utf8')
    else closed = data.closed
  })
  port.start()
  return {
    port,
    text: () => text,
    closed: () => closed,
  }
}

describe('console MessagePort (desktop)', () => {
  it('hands our page a port relayed to the terminal, once per token, and never to a foreign frame', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    const services = world.api.core.services
    const unregister = registerConsolePorts(electron.ipcMain as never, services.consoles, trustedSender(appOrigin(undefined)), silent)
    const attach = electron.ipcMain.listeners.get(CONSOLE_ATTACH_CHANNEL)!
    const opened = await services.dispatcher.call('containers.console', { id: container.id, kind: 'terminal' }, { ip: null, trustedActor: DESKTOP_OPERATOR })
    if (!opened.ok) throw new Error(opened.error.message)
    const token = opened.data.token

    const foreign = new electron.FakeWebContents()
    attach({ senderFrame: FOREIGN_FRAME, sender: foreign }, token)
    expect(foreign.posted).toEqual([])

    const contents = new electron.FakeWebContents()
    attach({ senderFrame: OUR_FRAME, sender: contents }, token)
    expect(contents.posted).toHaveLength(1)
    expect(contents.posted[0]).toMatchObject({ channel: CONSOLE_PORT_CHANNEL, message: { token } })
    const page = pageEnd(contents.posted[0]!.ports[0] as Fake.FakeMessagePortMain)
    await vi.waitFor(() => expect(page.text()).toContain('# '))
    page.port.postMessage(termproxyInput('echo proxdesk-$((6*7))\r'))
    await vi.waitFor(() => expect(page.text()).toContain('proxdesk-42'))
    page.port.postMessage(new TextEncoder().encode(termproxyInput('exit\r')))
    await vi.waitFor(() => expect(page.closed()).not.toBeNull())

    attach({ senderFrame: OUR_FRAME, sender: contents }, token)
    expect(contents.posted[1]).toMatchObject({ channel: CONSOLE_PORT_CHANNEL, message: { token, error: expect.stringMatching(/expired|already/) }, ports: [] })
    unregister()
    expect(electron.ipcMain.listeners.size).toBe(0)
  })
})

describe("PVE's own console page (desktop)", () => {
  it('opens in its own partition with the ticket cookie, the pinned certificate and no preload', async () => {
    const world = await pveWorld()
    const certificate = new X509Certificate(world.fake.caPem)
    const origin = 'https://pve.example:8006'
    await pveConsoleWindowOpener(silent)({
      connectionId: 7,
      origin,
      url: `${origin}/?console=lxc&xtermjs=1&vmid=200&vmname=web1&node=pve1`,
      ticket: 'PVE:root@pam:SECRET',
      fingerprint: certificate.fingerprint256,
      title: 'web1 (200)',
    })
    const partition = electron.session.partitions.get('pve-console-7')!
    expect(partition).toBeDefined()
    expect(partition).not.toBe(electron.session.defaultSession)
    expect(partition.cookies.recorded).toEqual([{ url: origin, name: 'PVEAuthCookie', value: 'PVE:root@pam:SECRET', path: '/', secure: true, sameSite: 'strict' }])

    const verdict = (hostname: string, pem: string) => {
      let result: number | undefined
      partition.certificateVerifyProc!({ hostname, certificate: { data: pem } }, (value: number) => (result = value))
      return result
    }
    expect(verdict('pve.example', world.fake.caPem)).toBe(0)
    expect(verdict('other.example', world.fake.caPem)).toBe(-2)
    expect(verdict('pve.example', 'not a certificate')).toBe(-2)

    const [window] = electron.BrowserWindow.created
    expect(window!.loadedUrl).toBe(`${origin}/?console=lxc&xtermjs=1&vmid=200&vmname=web1&node=pve1`)
    const prefs = window!.options.webPreferences
    expect(prefs).toMatchObject({ session: partition, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false })
    expect(prefs.preload).toBeUndefined()
    expect(window!.webContents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true)
    expect(window!.webContents.fire('will-navigate', `${origin}/#v1:0:=lxc%2F200`).defaultPrevented).toBe(false)
    expect(window!.webContents.windowOpenHandler!({ url: `${origin}/` })).toEqual({ action: 'deny' })
  })

  it('is opened through the contract with a fresh ticket, in the desktop app only', async () => {
    const world = await pveWorld()
    const container = await world.createContainer()
    const services = world.api.core.services
    const desktop = { ip: null, trustedActor: DESKTOP_OPERATOR }

    const withoutOpener = await services.dispatcher.call('containers.openPveConsole', { id: container.id }, desktop)
    expect(withoutOpener).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    services.consoles.setPageOpener(pveConsoleWindowOpener(silent))
    const tokenOnly = await services.dispatcher.call('containers.openPveConsole', { id: container.id }, desktop)
    expect(tokenOnly).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })

    await world.admin('PUT', `/api/pve/connections/${world.connectionId}`, { username: 'root@pam', password: world.fake.rootPassword }, 200)
    expect(await services.dispatcher.call('containers.openPveConsole', { id: container.id }, desktop)).toEqual({ ok: true, data: null })
    const partition = electron.session.partitions.get(`pve-console-${world.connectionId}`)!
    expect(partition.cookies.recorded[0]).toMatchObject({ url: world.fake.url, name: 'PVEAuthCookie', value: expect.stringMatching(/^PVE:root@pam:/) })
    const [window] = electron.BrowserWindow.created
    expect(window!.loadedUrl).toBe(`${world.fake.url}/?console=lxc&xtermjs=1&vmid=${container.vmid}&vmname=web1&node=pve1`)

    const overHttp = await world.api.request('POST', `/api/containers/${container.id}/pve-console`, { token: world.api.adminToken, body: {} })
    expect(overHttp.status).toBe(403)
  })
})
