import { BrowserWindow, screen, type WebPreferences } from 'electron'
import type { Logger } from '../core/logger'
import type { AppOrigin } from './appOrigin'
import { guardNavigation } from './navigationGuards'
import { MIN_SIZE, placeWindow, readWindowState, writeWindowState } from './windowState'

/** The renderer is a web page with no Node: isolated, sandboxed, its only way out is the preload's bridge. */
export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
  }
}

export interface MainWindowOptions {
  preloadPath: string
  origin: AppOrigin
  /** Where the window's bounds are remembered between runs. */
  stateFile: string
  openExternal: (url: string) => unknown
  logger: Logger
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const place = placeWindow(
    readWindowState(options.stateFile),
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  )
  const window = new BrowserWindow({
    x: place.x,
    y: place.y,
    width: place.width,
    height: place.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'proxdesk',
    show: false,
    webPreferences: mainWindowWebPreferences(options.preloadPath),
  })
  if (place.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  guardNavigation(window.webContents, options.origin, options.openExternal)
  window.on('close', () => {
    try {
      writeWindowState(options.stateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() })
    } catch (error) {
      options.logger.warn({ err: error }, 'could not remember the window position')
    }
  })
  void window.loadURL(options.origin.startUrl)
  return window
}
