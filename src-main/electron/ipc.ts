// One ipcMain.handle per contract operation, registered in a loop; each call is checked for its sender and
// then goes through the same dispatcher as REST. Results travel as data, so the renderer gets typed errors.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { OPERATION_NAMES } from '@shared/contract/index'
import { ipcChannel } from '@shared/contract/ipc'
import type { Result } from '@shared/errors'
import type { Actor } from '../core/actor'
import type { Dispatcher } from '../core/rpc/dispatcher'

export const DESKTOP_OPERATOR: Actor = { id: null, username: 'desktop', permission: 'admin' }

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

export function registerIpcHandlers(ipcMain: IpcMain, dispatcher: Dispatcher, isTrustedSender: SenderCheck): () => void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'this frame may not call proxdesk' } }
      return dispatcher.call(name, input, { ip: null, trustedActor: DESKTOP_OPERATOR })
    })
  }
  return () => OPERATION_NAMES.forEach((name) => ipcMain.removeHandler(ipcChannel(name)))
}
