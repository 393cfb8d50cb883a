// The headless server says which SecretStore it uses, cannot control an embedded server, and no response of any
// transport ever carries the master key.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import pino from 'pino'
import { contract, OPERATION_NAMES } from '@shared/contract/index'
import { ipcChannel } from '@shared/contract/ipc'
import { startServer, type RunningServer } from '../../src-main/server/serve'
import { registerIpcHandlers } from '../../src-main/electron/ipc'
import { trustedSender } from '../../src-main/electron/senderCheck'
import { appOrigin } from '../../src-main/electron/appOrigin'
import { useTempDir } from '../helpers/tempDir'
import { FakeIpcMain } from '../electron/fakeElectron'

const ADMIN = { PROXDESK_ADMIN_USERNAME: 'root', PROXDESK_ADMIN_PASSWORD: 'root-password' }
const ENV_KEY = Buffer.alloc(32, 0x5a)
const silent = pino({ level: 'silent' })

/** Read operations a caller can make with no input at all: each is asked, over every transport. */
const READS_WITHOUT_INPUT = OPERATION_NAMES.filter((name) => contract[name].http.method === 'GET' && contract[name].input.safeParse({}).success)

describe('secret store in use', () => {
  const tempDir = useTempDir()
  let server: RunningServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function serve(env: NodeJS.ProcessEnv) {
    const dbPath = join(tempDir(), 'proxdesk.db')
    server = await startServer({ dbPath, host: '127.0.0.1', port: 0, env: { ...ADMIN, ...env }, logger: silent })
    const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password' }) })
    const token = ((await login.json()) as { token: string }).token
    const get = async (path: string) => (await fetch(`${server!.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>
    return { dbPath, token, get }
  }

  it('reports the key file, created 0600, when no key is in the environment', async () => {
    const { dbPath, get } = await serve({})
    expect(statSync(`${dbPath}.key`).mode & 0o777).toBe(0o600)
    expect(await get('/api/system')).toMatchObject({ secret_store: 'key-file', database_path: dbPath, embedded_server: null })
  })

  it('reports PROXDESK_SECRET_KEY when it is set', async () => {
    const { get } = await serve({ PROXDESK_SECRET_KEY: ENV_KEY.toString('hex') })
    expect(await get('/api/system')).toMatchObject({ secret_store: 'env', embedded_server: null })
  })

  it('answers embedded-server control with FORBIDDEN over REST, even for an admin', async () => {
    const { token } = await serve({})
    for (const path of ['/api/system/server/start', '/api/system/server/stop']) {
      const response = await fetch(`${server!.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })
      expect(response.status, path).toBe(403)
      expect(await response.json(), path).toEqual({ error: { code: 'FORBIDDEN', message: `${path.endsWith('start') ? 'system.startServer' : 'system.stopServer'} is only available in the desktop app's window` } })
    }
  })

  it('answers CONFLICT when a process without an embedded server is asked to start one directly', async () => {
    await serve({})
    const result = await server!.services.dispatcher.call('system.startServer', {}, { ip: null, trustedActor: { id: null, username: 'cli', permission: 'admin' } })
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('only the desktop app') } })
  })

  it('never puts the master key in a REST or IPC response', async () => {
    const { get } = await serve({ PROXDESK_SECRET_KEY: ENV_KEY.toString('hex') })
    const ipcMain = new FakeIpcMain()
    registerIpcHandlers(ipcMain as never, server!.services.dispatcher, trustedSender(appOrigin(undefined)), silent)
    const forms = [ENV_KEY.toString('hex'), ENV_KEY.toString('base64'), ENV_KEY.toString('base64url')]
    expect(READS_WITHOUT_INPUT).toEqual(expect.arrayContaining(['system.info', 'users.list', 'nodes.list', 'nodeGroups.list']))
    for (const name of READS_WITHOUT_INPUT) {
      const rest = JSON.stringify(await get(contract[name].http.path))
      const ipc = JSON.stringify(await ipcMain.invoke(ipcChannel(name), {}, { url: 'app://proxdesk/index.html', parent: null }))
      // The desktop operator has no user account, so the own-account reads answer FORBIDDEN; admin reads succeed.
      if (contract[name].access === 'admin') expect(ipc, name).toMatch(/^\{"ok":true/)
      for (const form of forms) {
        expect(rest.includes(form), `${name} over REST`).toBe(false)
        expect(ipc.includes(form), `${name} over IPC`).toBe(false)
      }
    }
  })
})
