// The desktop's embedded server: started and stopped over IPC only, really listening, remembered across launches,
// and the address in node group snippets follows it.
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import pino from 'pino'
import { ipcChannel } from '@shared/contract/ipc'
import type { EmbeddedServerStatus } from '@shared/domain/system'
import { openDatabase, type Database } from '../../src-main/core/db/database'
import { createServices, type Services } from '../../src-main/core/services'
import { EmbeddedServer } from '../../src-main/server/embeddedServer'
import { registerIpcHandlers } from '../../src-main/electron/ipc'
import { trustedSender } from '../../src-main/electron/senderCheck'
import { appOrigin } from '../../src-main/electron/appOrigin'
import { TEST_KEY } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'
import { FakeIpcMain } from './fakeElectron'
import { version } from '../../package.json'

const OUR_FRAME = { url: 'app://proxdesk/index.html', parent: null }
const silent = pino({ level: 'silent' })

interface Desktop {
  db: Database
  services: Services
  server: EmbeddedServer
  changes: EmbeddedServerStatus[]
  call(operation: string, input?: unknown): Promise<any>
}

describe('embedded server', () => {
  const tempDir = useTempDir()
  const open: Desktop[] = []
  afterEach(async () => {
    for (const desktop of open.splice(0)) {
      await desktop.server.shutdown()
      desktop.db.close()
    }
  })

  /** Wired as src-main/electron/main.ts wires it, minus the window. */
  function launchDesktop(): Desktop {
    const dir = tempDir()
    const db = openDatabase(join(dir, 'proxdesk.db'))
    const changes: EmbeddedServerStatus[] = []
    const server = new EmbeddedServer({ services: () => services, logger: silent, stateFile: join(dir, 'embedded-server.json'), onChange: (s) => changes.push(s) })
    const services = createServices({ db, logger: silent, secretKey: TEST_KEY, secretStore: 'os-keychain', publicUrl: () => server.publicUrl(), embeddedServer: server })
    const ipcMain = new FakeIpcMain()
    registerIpcHandlers(ipcMain as never, services.dispatcher, trustedSender(appOrigin(undefined)), silent)
    const desktop: Desktop = { db, services, server, changes, call: (operation, input = {}) => ipcMain.invoke(ipcChannel(operation), input, OUR_FRAME) }
    open.push(desktop)
    return desktop
  }

  it('reports itself in system.info, stopped at first', async () => {
    const { call, db } = launchDesktop()
    expect(await call('system.info')).toEqual({
      ok: true,
      data: {
        version,
        secret_store: 'os-keychain',
        database_path: db.path,
        schema_version: db.migration.to,
        embedded_server: { running: false, url: null, settings: { host: '127.0.0.1', port: 8787, public_url: null } },
      },
    })
  })

  it('starts over IPC and serves the REST API and the proxy auth endpoint, but refuses control over REST', async () => {
    const { call, changes } = launchDesktop()
    const started = await call('system.startServer', { host: '127.0.0.1', port: 0 })
    expect(started).toMatchObject({ ok: true, data: { running: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } })
    const url: string = started.data.url
    expect(changes.map((s) => s.running)).toEqual([true])
    expect((await call('system.info')).data.embedded_server).toEqual(started.data)

    expect((await fetch(`${url}/api/system`)).status).toBe(401)
    const auth = await fetch(`${url}/api/proxy/auth/no-such-key`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ addr: '198.51.100.7:40000', auth: 'a:b', tx: 0 }) })
    expect(await auth.json()).toEqual({ ok: false, id: '' })
    for (const path of ['/api/system/server/start', '/api/system/server/stop']) {
      const refused = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(refused.status, path).toBe(403)
      expect(await refused.json(), path).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('desktop app') } })
    }
  })

  it('stops over IPC', async () => {
    const { call } = launchDesktop()
    const { data } = await call('system.startServer', { host: '127.0.0.1', port: 0 })
    expect(await call('system.stopServer')).toMatchObject({ ok: true, data: { running: false, url: null } })
    await expect(fetch(`${data.url}/api/system`)).rejects.toThrow()
  })

  it('says which field is wrong when it cannot listen', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const { call, changes } = launchDesktop()
      expect(await call('system.startServer', { host: '127.0.0.1', port })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', fields: { port: 'already in use' } },
      })
      expect(changes).toEqual([{ running: false, url: null, settings: { host: '127.0.0.1', port: 8787, public_url: null } }])
      expect(await call('system.startServer', { host: '192.0.2.123', port: 0 })).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { host: expect.any(String) } } })
    } finally {
      blocker.close()
    }
  })

  it('validates its settings', async () => {
    const { call } = launchDesktop()
    expect(await call('system.startServer', { host: 'example.com', port: 70000, public_url: 'ftp://x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { host: expect.any(String), port: expect.any(String), public_url: expect.any(String) } },
    })
  })

  it('puts its public URL into node group snippets', async () => {
    const { call } = launchDesktop()
    await call('nodes.create', { ip_address: '192.0.2.1', server_group: 'hk', salamander: 'salamander-1' })
    await call('system.startServer', { host: '127.0.0.1', port: 0, public_url: 'https://desk.example.com' })
    const groups = await call('nodeGroups.list')
    expect(groups.data.items[0].auth_url).toMatch(/^https:\/\/desk\.example\.com\/api\/proxy\/auth\//)
  })

  it('comes back at the next launch if it was running, and not if it was stopped', async () => {
    const first = launchDesktop()
    await first.call('system.startServer', { host: '127.0.0.1', port: 0, public_url: 'https://desk.example.com' })
    await first.server.shutdown()
    const relaunched = new EmbeddedServer({ services: () => first.services, logger: silent, stateFile: join(tempDir(), 'embedded-server.json') })
    expect(relaunched.status()).toEqual({ running: false, url: null, settings: { host: '127.0.0.1', port: 0, public_url: 'https://desk.example.com' } })
    await relaunched.resume()
    expect(relaunched.status().running).toBe(true)
    await relaunched.stop()
    const again = new EmbeddedServer({ services: () => first.services, logger: silent, stateFile: join(tempDir(), 'embedded-server.json') })
    await again.resume()
    expect(again.status().running).toBe(false)
  })

  it('runs a start and a stop one after the other, never interleaved', async () => {
    const { server } = launchDesktop()
    const [started, stopped] = await Promise.all([server.start({ host: '127.0.0.1', port: 0, public_url: null }), server.stop()])
    expect(started.running).toBe(true)
    expect(stopped.running).toBe(false)
    expect(server.status().running).toBe(false)
  })
})
