// One ipcMain.handle per contract operation, registered in one loop; each call is checked for its sender and
// then goes through the same dispatcher as REST (which validates the input against the operation's schema).
// Results travel as data: ipcMain.handle rejections lose everything but the message, so nothing here rejects.
import type { IpcMain } from 'electron'
import { contract, OPERATION_NAMES } from '@shared/contract/index'
import { ipcChannel } from '@shared/contract/ipc'
import { isCarriedBy } from '@shared/contract/operation'
import type { Result } from '@shared/errors'
import type { Actor } from '../core/actor'
import type { Logger } from '../core/logger'
import type { Dispatcher } from '../core/rpc/dispatcher'
import type { SenderCheck } from './senderCheck'

/** The desktop's only caller is the person at the machine, who owns the database. */
export const DESKTOP_OPERATOR: Actor = { id: null, username: 'desktop', permission: 'admin' }

export function registerIpcHandlers(ipcMain: IpcMain, dispatcher: Dispatcher, isTrustedSender: SenderCheck, logger: Logger): () => void {
  for (const name of OPERATION_NAMES) {
    const carried = isCarriedBy(contract[name], 'ipc')
    ipcMain.handle(ipcChannel(name), async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        logger.warn({ operation: name, frame: event.senderFrame?.url ?? null }, 'refused an IPC call from a foreign frame')
        return { ok: false, error: { code: 'FORBIDDEN', message: 'this frame may not call proxdesk' } }
      }
      if (!carried) return { ok: false, error: { code: 'FORBIDDEN', message: `${name} is not available in the desktop app` } }
      return dispatcher.call(name, input, { ip: null, trustedActor: DESKTOP_OPERATOR })
    })
  }
  return () => OPERATION_NAMES.forEach((name) => ipcMain.removeHandler(ipcChannel(name)))
}
