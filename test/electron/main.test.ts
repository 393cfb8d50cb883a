// The desktop entry as a whole, on the stand-in electron: lock, boot, window, protocol, IPC, quit.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OPERATION_NAMES } from '@shared/contract/index'
import { ipcChannel } from '@shared/contract/ipc'
import type { Keychain } from '../../src-main/core/secrets/keychainSecretStore'
import { useTempDir } from '../helpers/tempDir'
import type * as Fake from './fakeElectron'

vi.mock('electron', () => import('./fakeElectron'))
vi.mock('../../src-main/electron/keychain', () => ({ loadKeychain: () => memoryKeychain }))

/** The OS keychain, in memory: this suite is about wiring, test/secrets covers the real one. */
const keychainEntries = new Map<string, string>()
const memoryKeychain: Keychain = {
  getPassword: async (service, account) => keychainEntries.get(`${service}/${account}`) ?? null,
  setPassword: async (service, account, password) => void keychainEntries.set(`${service}/${account}`, password),
  deletePassword: async (service, account) => keychainEntries.delete(`${service}/${account}`),
}

const OUR_FRAME = { url: 'app://proxdesk/index.html', parent: null }

describe('desktop main process', () => {
  const tempDir = useTempDir()
  const saved = { ...process.env }
  let electron: typeof Fake

  beforeEach(async () => {
    electron = (await import('electron')) as unknown as typeof Fake
    electron.resetFakeElectron()
    keychainEntries.clear()
    const dir = tempDir()
    Object.assign(electron.app, { userData: join(dir, 'user-data'), appPath: dir })
    process.env.PROXDESK_DB = join(dir, 'proxdesk.db')
    process.env.PROXDESK_LOG_LEVEL = 'silent'
    delete process.env.PROXDESK_SECRET_KEY
  })
  afterEach(async () => {
    // Quit whatever a test started, so its database is closed before the temp folder goes.
    if (electron.app.listenerCount('will-quit') > 0) await quit()
    process.env = { ...saved }
  })

  async function start(): Promise<void> {
    vi.resetModules()
    await import('../../src-main/electron/main')
  }

  async function started(): Promise<Fake.BrowserWindow> {
    await start()
    await vi.waitFor(() => expect(electron.BrowserWindow.created).toHaveLength(1))
    return electron.BrowserWindow.created[0]!
  }

  async function quit(): Promise<void> {
    const quitsBefore = electron.app.quits
    const event = new electron.FakeEvent()
    electron.app.emit('will-quit', event)
    expect(event.defaultPrevented).toBe(true)
    await vi.waitFor(() => expect(electron.app.quits).toBe(quitsBefore + 1))
    electron.app.removeAllListeners('will-quit')
  }

  it('quits at once when another instance holds the lock', async () => {
    electron.app.lockAvailable = false
    await start()
    expect(electron.app.quits).toBe(1)
    expect(electron.protocol.privileged).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(electron.BrowserWindow.created).toEqual([])
  })

  it('opens one window on app://, serves it, and answers every operation over IPC', async () => {
    const window = await started()
    expect(window.loadedUrl).toBe('app://proxdesk/index.html')
    expect(window.options.webPreferences.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/)
    expect(electron.protocol.handlers.has('app')).toBe(true)
    expect(electron.session.defaultSession.requestHandler).not.toBeNull()
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(ipcChannel).sort())
    const info = (await electron.ipcMain.invoke(ipcChannel('system.info'), {}, OUR_FRAME)) as { ok: true; data: Record<string, unknown> }
    expect(info.data).toMatchObject({ secret_store: 'os-keychain', database_path: process.env.PROXDESK_DB, embedded_server: { running: false } })
    expect([...keychainEntries.keys()]).toEqual([`proxdesk/master-key@${process.env.PROXDESK_DB}`])
  })

  it('never takes its page from ELECTRON_RENDERER_URL once packaged', async () => {
    process.env.ELECTRON_RENDERER_URL = 'https://evil.example/'
    const window = await started()
    expect(window.loadedUrl).toBe('app://proxdesk/index.html')
  })

  it('unpackaged, refuses to start without the Electron build of better-sqlite3 and says how to get it', async () => {
    electron.app.isPackaged = false
    await start()
    await vi.waitFor(() => expect(electron.dialog.errors).toHaveLength(1))
    expect(electron.dialog.errors[0]!.content).toMatch(/better_sqlite3\.node is missing: start the app with `npm start`/)
    expect(electron.app.exitCode).toBe(1)
  })

  it('focuses its window when a second instance starts', async () => {
    const window = await started()
    electron.app.emit('second-instance')
    expect(window.focused).toBe(1)
  })

  it('closes the database before it quits, and keeps the master key for the next start', async () => {
    await started()
    await electron.ipcMain.invoke(ipcChannel('users.create'), { username: 'alice', password: 'alice-password' }, OUR_FRAME)
    await quit()
    expect(await electron.ipcMain.invoke(ipcChannel('users.list'), {}, OUR_FRAME)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    electron.resetFakeElectron()
    Object.assign(electron.app, { userData: join(tempDir(), 'user-data'), appPath: tempDir() })
    await started()
    expect(await electron.ipcMain.invoke(ipcChannel('users.list'), {}, OUR_FRAME)).toMatchObject({ ok: true, data: { total: 1 } })
  })
})
