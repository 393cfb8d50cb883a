// The main window and its hardening: webPreferences, navigation and window-open guards, permissions, the one
// external-link opener and the remembered window position.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import pino from 'pino'
import { createMainWindow } from '../../src-main/electron/mainWindow'
import { openExternalUrl } from '../../src-main/electron/openExternal'
import { denyPermissions } from '../../src-main/electron/permissions'
import { appOrigin } from '../../src-main/electron/appOrigin'
import { useTempDir } from '../helpers/tempDir'
import { BrowserWindow, resetFakeElectron, screen, session, shell } from './fakeElectron'

vi.mock('electron', () => import('./fakeElectron'))

const origin = appOrigin(undefined)

describe('main window', () => {
  const tempDir = useTempDir()
  beforeEach(resetFakeElectron)

  function openWindow(openExternal: (url: string) => unknown = () => undefined) {
    const stateFile = join(tempDir(), 'window-state.json')
    const window = createMainWindow({ preloadPath: '/app/out/preload/index.cjs', origin, stateFile, openExternal, logger: pino({ level: 'silent' }) })
    return { window: window as unknown as BrowserWindow, stateFile }
  }

  it('isolates and sandboxes the renderer, without Node or <webview>, with our preload', () => {
    const { window } = openWindow()
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    })
    expect(window.loadedUrl).toBe('app://proxdesk/index.html')
  })

  it('stays on our pages and hands other links to the opener', () => {
    const opener = vi.fn()
    const { window } = openWindow(opener)
    expect(window.webContents.fire('will-navigate', 'app://proxdesk/index.html#/users').defaultPrevented).toBe(false)
    expect(window.webContents.fire('will-navigate', 'https://docs.example.com/guide').defaultPrevented).toBe(true)
    expect(window.webContents.fire('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true)
    expect(window.webContents.fire('will-redirect', 'https://evil.example/').defaultPrevented).toBe(true)
    expect(opener.mock.calls).toEqual([['https://docs.example.com/guide'], ['file:///etc/passwd']])
  })

  it('never opens a new window and never attaches a <webview>', () => {
    const opener = vi.fn()
    const { window } = openWindow(opener)
    expect(window.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(window.webContents.windowOpenHandler!({ url: 'app://proxdesk/index.html' })).toEqual({ action: 'deny' })
    expect(opener).toHaveBeenCalledWith('https://example.com/')
    expect(window.webContents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true)
  })

  it('remembers its bounds on close and comes back there', () => {
    const first = openWindow()
    first.window.bounds = { x: 200, y: 100, width: 1000, height: 700 }
    first.window.maximize()
    first.window.emit('close')
    expect(JSON.parse(readFileSync(first.stateFile, 'utf8'))).toEqual({ x: 200, y: 100, width: 1000, height: 700, maximized: true })
    const second = openWindow()
    expect(second.window.options).toMatchObject({ x: 200, y: 100, width: 1000, height: 700 })
    expect(second.window.maximized).toBe(true)
  })

  it('pulls a window saved on an unplugged monitor back onto the screen', () => {
    const stateFile = join(tempDir(), 'window-state.json')
    writeFileSync(stateFile, JSON.stringify({ x: 2200, y: 50, width: 1000, height: 700, maximized: false }))
    screen.displays = [{ workArea: { x: 0, y: 0, width: 1366, height: 728 } }]
    const { window } = openWindow()
    expect(window.options).toMatchObject({ x: 43, y: 0, width: 1280, height: 728 })
  })
})

describe('permissions', () => {
  beforeEach(resetFakeElectron)

  it('denies every permission request and check', () => {
    denyPermissions(session.defaultSession as never, origin)
    const { requestHandler, checkHandler, deviceHandler } = session.defaultSession
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'midiSysex']) {
      const callback = vi.fn()
      requestHandler!({}, permission, callback, { requestingUrl: 'app://proxdesk/index.html', isMainFrame: true })
      expect(callback, permission).toHaveBeenCalledWith(false)
      expect(checkHandler!({}, permission, 'app://proxdesk', {}), permission).toBe(false)
    }
    expect(deviceHandler!({ deviceType: 'usb', origin: 'app://proxdesk' })).toBe(false)
  })

  it('lets only our own page write text to the clipboard', () => {
    denyPermissions(session.defaultSession as never, origin)
    const { requestHandler, checkHandler } = session.defaultSession
    const ours = vi.fn()
    const theirs = vi.fn()
    requestHandler!({}, 'clipboard-sanitized-write', ours, { requestingUrl: 'app://proxdesk/index.html', isMainFrame: true })
    requestHandler!({}, 'clipboard-sanitized-write', theirs, { requestingUrl: 'https://evil.example/', isMainFrame: false })
    expect(ours).toHaveBeenCalledWith(true)
    expect(theirs).toHaveBeenCalledWith(false)
    expect(checkHandler!({}, 'clipboard-sanitized-write', 'app://proxdesk', {})).toBe(true)
    expect(checkHandler!({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false)
  })
})

describe('external links', () => {
  beforeEach(resetFakeElectron)

  it('opens http and https URLs in the browser', async () => {
    expect(await openExternalUrl('https://github.com/apernet/hysteria')).toBe(true)
    expect(await openExternalUrl('http://192.0.2.10:8006/')).toBe(true)
    expect(shell.opened).toEqual(['https://github.com/apernet/hysteria', 'http://192.0.2.10:8006/'])
  })

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://attacker/share', 'ms-settings:', 'app://proxdesk/index.html', 'not a url', ''])(
    'refuses %j',
    async (url) => {
      expect(await openExternalUrl(url)).toBe(false)
      expect(shell.opened).toEqual([])
    },
  )

  it('is the only code that calls shell.openExternal', () => {
    const root = join(import.meta.dirname, '../..')
    const callers: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (/\.(ts|vue)$/.test(name) && /\.openExternal\s*\(/.test(readFileSync(path, 'utf8'))) callers.push(path.slice(root.length + 1))
      }
    }
    for (const dir of ['src-main', 'src-renderer', 'src-shared']) walk(join(root, dir))
    expect(callers).toEqual(['src-main/electron/openExternal.ts'])
  })
})
