import type { IpcMainInvokeEvent } from 'electron'
import type { AppOrigin } from './appOrigin'

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

/**
 * Only our own page may call main: the sending frame must be a top-level frame showing an app URL (as VS Code's
 * ipcMain wrapper checks). A subframe, a page that navigated elsewhere or a destroyed frame is refused.
 */
export function trustedSender(origin: AppOrigin): SenderCheck {
  return (event) => {
    const frame = event.senderFrame
    return frame !== null && frame.parent === null && origin.isAppUrl(frame.url)
  }
}
