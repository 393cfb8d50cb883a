import type { Session } from 'electron'
import type { AppOrigin } from './appOrigin'

/**
 * Camera, microphone, notifications, geolocation, devices…: the UI needs none, so every request is denied. The one
 * exception is writing text to the clipboard from our own page (copying a server snippet or a share link).
 */
export function denyPermissions(session: Session, origin: AppOrigin): void {
  const allowed = (permission: string, requestingUrl: string) => permission === 'clipboard-sanitized-write' && origin.isAppUrl(requestingUrl)
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details.requestingUrl)))
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin))
  session.setDevicePermissionHandler(() => false)
}
