// PVE's own console page in a window of its own. It authenticates by PVE's cookie, so it gets an in-memory session
// partition per connection that shares nothing with the app's session, trusts only the pinned certificate for the
// PVE host, has no preload and no Node, and cannot navigate away from PVE.
import { X509Certificate } from 'node:crypto'
import { BrowserWindow, session, type Session } from 'electron'
import type { Logger } from '../core/logger'
import type { PveConsolePage, PveConsolePageOpener } from '../core/console/pveConsolePage'
import { sameFingerprint } from '../core/tls/fingerprint'

/** Chromium's verdicts for setCertificateVerifyProc. */
const CERTIFICATE_OK = 0
const CERTIFICATE_REJECTED = -2

/** Not `persist:`: the cookie and the page's storage are gone when the app quits. */
export function pveConsolePartition(connectionId: number): string {
  return `pve-console-${connectionId}`
}

function fingerprintOf(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256
  } catch {
    return null
  }
}

function preparePartition(partition: Session, page: PveConsolePage): Promise<void> {
  const pveHost = new URL(page.origin).hostname
  partition.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  partition.setPermissionCheckHandler(() => false)
  if (page.fingerprint) {
    const pin = page.fingerprint
    // Exactly the pinned certificate for the PVE host, as the API client trusts it; nothing else loads anyway.
    partition.setCertificateVerifyProc((request, callback) => {
      if (request.hostname !== pveHost) return callback(CERTIFICATE_REJECTED)
      const fingerprint = fingerprintOf(request.certificate.data)
      callback(fingerprint && sameFingerprint(fingerprint, pin) ? CERTIFICATE_OK : CERTIFICATE_REJECTED)
    })
  }
  // PVE's page reads the cookie from script, so it cannot be httpOnly.
  return partition.cookies.set({ url: page.origin, name: 'PVEAuthCookie', value: page.ticket, path: '/', secure: true, sameSite: 'strict' })
}

export function pveConsoleWindowOpener(logger: Logger): PveConsolePageOpener {
  return async (page) => {
    const partition = session.fromPartition(pveConsolePartition(page.connectionId))
    await preparePartition(partition, page)
    const window = new BrowserWindow({
      width: 1024,
      height: 720,
      title: page.title,
      autoHideMenuBar: true,
      webPreferences: {
        session: partition,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
      },
    })
    const stayOnPve = (event: { preventDefault(): void }, url: string) => {
      if (!URL.canParse(url) || new URL(url).origin !== page.origin) event.preventDefault()
    }
    window.webContents.on('will-navigate', stayOnPve)
    window.webContents.on('will-redirect', stayOnPve)
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
    window.webContents.on('will-attach-webview', (event) => event.preventDefault())
    logger.info({ connection: page.connectionId, title: page.title }, "opened PVE's console page")
    await window.loadURL(page.url)
  }
}
