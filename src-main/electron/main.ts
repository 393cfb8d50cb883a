// Desktop entry: one window over the same core services the headless server uses, and optionally that server's
// routes on an address of the operator's choosing (the embedded server).
import { join } from 'node:path'
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron'
import { openDatabase } from '../core/db/database'
import { closeUpstreams, recoverInterruptedWork } from '../core/lifecycle'
import { createLogger } from '../core/logger'
import { defaultDatabasePath } from '../core/paths'
import { loadMasterKey } from '../core/secrets/masterKey'
import { openDesktopSecretStore } from '../core/secrets/openSecretStore'
import { createServices } from '../core/services'
import { EmbeddedServer } from '../server/embeddedServer'
import { appOrigin } from './appOrigin'
import { registerAppScheme, serveAppProtocol } from './appProtocol'
import { registerIpcHandlers } from './ipc'
import { registerConsolePorts } from './consolePorts'
import { pveConsoleWindowOpener } from './consolePveWindow'
import { loadKeychain } from './keychain'
import { createMainWindow } from './mainWindow'
import { sqliteBindingForElectron } from './nativeBinding'
import { openExternalUrl } from './openExternal'
import { denyPermissions } from './permissions'
import { sendEvent } from './rendererEvents'
import { trustedSender } from './senderCheck'

const logger = createLogger()
// A packaged app never takes its page from the environment: that would hand the bridge to any URL.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const origin = appOrigin(devServerUrl)

async function boot(): Promise<{ shutdown(): Promise<void> }> {
  const userData = app.getPath('userData')
  // The same file `proxdesk serve` uses by default, so the desktop and the headless server can share one database.
  const dbPath = defaultDatabasePath()
  const { store, keychainUnavailable } = await openDesktopSecretStore(dbPath, loadKeychain)
  if (keychainUnavailable) logger.warn({ reason: keychainUnavailable, secretStore: store.location }, 'no OS keychain; the master key is kept in a key file')
  const masterKey = await loadMasterKey(store)
  if (masterKey.created) logger.info({ secretStore: store.location }, 'created the database master key')
  const db = openDatabase(dbPath, { nativeBinding: sqliteBindingForElectron(app.getAppPath(), app.isPackaged, process.versions.electron) })
  try {
    let window: BrowserWindow | null = null
    const embeddedServer = new EmbeddedServer({
      services: () => services,
      logger,
      stateFile: join(userData, 'embedded-server.json'),
      onChange: (status) => {
        if (window) sendEvent(window.webContents, 'system.serverChanged', status)
      },
    })
    const services = createServices({
      db,
      logger,
      secretKey: masterKey.key,
      secretStore: store.kind,
      publicUrl: () => embeddedServer.publicUrl(),
      embeddedServer,
    })
    recoverInterruptedWork(services, logger)
    denyPermissions(session.defaultSession, origin)
    if (!devServerUrl) serveAppProtocol(join(import.meta.dirname, '../renderer'))
    registerIpcHandlers(ipcMain, services.dispatcher, trustedSender(origin), logger)
    registerConsolePorts(ipcMain, services.consoles, trustedSender(origin), logger)
    services.consoles.setPageOpener(pveConsoleWindowOpener(logger))
    const mainWindow = createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      origin,
      stateFile: join(userData, 'window-state.json'),
      openExternal: openExternalUrl,
      logger,
    })
    window = mainWindow
    app.on('second-instance', () => {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    })
    void embeddedServer.resume()
    return {
      shutdown: async () => {
        await embeddedServer.shutdown()
        await closeUpstreams(services)
        db.close()
      },
    }
  } catch (error) {
    db.close()
    throw error
  }
}

function fail(error: unknown): void {
  logger.fatal({ err: error }, 'proxdesk could not start')
  dialog.showErrorBox('proxdesk could not start', (error as Error).message)
  app.exit(1)
}

registerAppScheme()
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('window-all-closed', () => app.quit())
  void app.whenReady().then(boot).then((running) => {
    let closed = false
    let closing: Promise<void> | null = null
    // Quitting waits for the embedded server and the upstream connections to close before the database does.
    app.on('will-quit', (event) => {
      if (closed) return
      event.preventDefault()
      closing ??= running
        .shutdown()
        .catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'))
        .finally(() => {
          closed = true
          app.quit()
        })
    })
  }, fail)
}
