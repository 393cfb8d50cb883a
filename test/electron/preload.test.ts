// The preload's bridge, alone and wired to the real IPC handlers as one process (renderer → preload → main).
import { afterEach, describe, expect, it, vi } from 'vitest'
import pino from 'pino'
import type { ProxdeskBridge } from '@shared/contract/bridge'
import { registerIpcHandlers } from '../../src-main/electron/ipc'
import { trustedSender } from '../../src-main/electron/senderCheck'
import { appOrigin } from '../../src-main/electron/appOrigin'
import { sendEvent } from '../../src-main/electron/rendererEvents'
import { openTestCore, type TestCore } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'
import { FakeIpcMain, FakeWebContents } from './fakeElectron'

vi.mock('electron', () => import('./fakeElectron'))

const SERVER_STATUS = { running: true, url: 'http://127.0.0.1:8787', settings: { host: '127.0.0.1', port: 8787, public_url: null } }

/** Runs the preload afresh, against a reset stand-in electron, as each page load does. */
async function loadBridge() {
  vi.resetModules()
  const electron = (await import('electron')) as unknown as typeof import('./fakeElectron')
  electron.resetFakeElectron()
  await import('../../src-main/preload/index')
  return { bridge: electron.contextBridge.exposed.get('proxdesk') as ProxdeskBridge, ...electron }
}

describe('preload bridge', () => {
  it('exposes exactly invoke and on, under window.proxdesk only', async () => {
    const { bridge, contextBridge } = await loadBridge()
    expect([...contextBridge.exposed.keys()]).toEqual(['proxdesk'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on'])
  })

  it('invokes contract operations on their channel', async () => {
    const { bridge, ipcRenderer } = await loadBridge()
    await bridge.invoke('users.list', { page: 2 })
    expect(ipcRenderer.invoked).toEqual([{ channel: 'proxdesk:users.list', input: { page: 2 } }])
  })

  it.each(['users.drop', 'constructor', '__proto__', 'proxdesk:users.list', ''])('refuses the operation name %j as data, without IPC', async (name) => {
    const { bridge, ipcRenderer } = await loadBridge()
    const result = await bridge.invoke(name as 'users.list', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(ipcRenderer.invoked).toEqual([])
  })

  it('delivers an event’s payload, never the IPC event, until unsubscribed', async () => {
    const { bridge, ipcRenderer } = await loadBridge()
    const listener = vi.fn()
    const unsubscribe = bridge.on('system.serverChanged', listener)
    const contents = new FakeWebContents()
    sendEvent(contents as never, 'system.serverChanged', SERVER_STATUS)
    expect(contents.sent).toEqual([{ channel: 'proxdesk-event:system.serverChanged', payload: SERVER_STATUS }])
    ipcRenderer.emit('proxdesk-event:system.serverChanged', { sender: ipcRenderer }, SERVER_STATUS)
    expect(listener.mock.calls).toEqual([[SERVER_STATUS]])
    unsubscribe()
    ipcRenderer.emit('proxdesk-event:system.serverChanged', { sender: ipcRenderer }, SERVER_STATUS)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(ipcRenderer.listenerCount('proxdesk-event:system.serverChanged')).toBe(0)
  })

  it('refuses to listen to a name that is not a contract event', async () => {
    const { bridge, ipcRenderer } = await loadBridge()
    expect(() => bridge.on('users.list' as 'system.serverChanged', () => {})).toThrow(/not a proxdesk event/)
    expect(ipcRenderer.eventNames()).toEqual([])
  })

  it('sends nothing to a window that is gone', () => {
    const contents = new FakeWebContents()
    contents.destroyed = true
    sendEvent(contents as never, 'system.serverChanged', SERVER_STATUS)
    expect(contents.sent).toEqual([])
  })
})

describe('renderer to main through the bridge', () => {
  const tempDir = useTempDir()
  let core: TestCore | undefined
  afterEach(() => core?.close())

  it('gets typed results and typed errors back', async () => {
    core = openTestCore(tempDir())
    const ipcMain = new FakeIpcMain()
    registerIpcHandlers(ipcMain as never, core.services.dispatcher, trustedSender(appOrigin(undefined)), pino({ level: 'silent' }))
    const { bridge, ipcRenderer } = await loadBridge()
    ipcRenderer.route = (channel, input) => ipcMain.invoke(channel, input, { url: 'app://proxdesk/index.html', parent: null })
    const created = await bridge.invoke('users.create', { username: 'alice', password: 'alice-password' })
    expect(created.ok && created.data.username).toBe('alice')
    const duplicate = await bridge.invoke('users.create', { username: 'alice', password: 'alice-password' })
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { username: expect.any(String) } } })
    const missing = await bridge.invoke('users.update', { id: 4242, is_active: false })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const badField = await bridge.invoke('users.update', { id: 'x' as unknown as number })
    expect(badField).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { id: expect.any(String) } } })
  })
})
