// Desktop entry: one window over the same core services the headless server uses.
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { openDatabase } from '../core/db/database'
import { createServices } from '../core/services'
import { loadMasterKey } from '../core/secrets/masterKey'
import { createLogger } from '../core/logger'
import { registerIpcHandlers } from './ipc'

const RENDERER_DEV_URL = process.env.ELECTRON_RENDERER_URL

function isAppUrl(url: string): boolean {
  if (RENDERER_DEV_URL) return url.startsWith(RENDERER_DEV_URL)
  return url.startsWith('file://') && url.includes('/out/renderer/')
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  if (RENDERER_DEV_URL) void window.loadURL(RENDERER_DEV_URL)
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return window
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void app.whenReady().then(() => {
    const logger = createLogger()
    const dbPath = join(app.getPath('userData'), 'proxdesk.db')
    const db = openDatabase(dbPath)
    const services = createServices({
      db,
      logger,
      secretKey: loadMasterKey(process.env.PROXDESK_SECRET_KEY, `${dbPath}.key`).key,
      publicUrl: 'http://127.0.0.1:8787',
    })
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    registerIpcHandlers(ipcMain, services.dispatcher, (event) => event.senderFrame !== null && event.senderFrame.parent === null && isAppUrl(event.senderFrame.url))
    const window = createWindow()
    app.on('second-instance', () => {
      if (window.isMinimized()) window.restore()
      window.focus()
    })
    app.on('window-all-closed', () => {
      db.close()
      app.quit()
    })
  })
}
