// The desktop app's end of a console: a MessagePort per console instead of a WebSocket. The page asks for the port
// of a token it got from containers.console (through the preload), and main answers with one end of a fresh
// MessageChannelMain whose other end it relays to PVE.
import { MessageChannelMain, type IpcMain, type IpcMainEvent, type MessagePortMain } from 'electron'
import { CONSOLE_ATTACH_CHANNEL, CONSOLE_PORT_CHANNEL, type ConsolePortData } from '@shared/domain/console'
import type { ConsoleClient } from '../core/console/consoleRelay'
import type { ConsoleService } from '../core/console/consoleService'
import type { Logger } from '../core/logger'
import type { SenderCheck } from './senderCheck'

function clientOf(port: MessagePortMain): ConsoleClient {
  const post = (data: ConsolePortData) => port.postMessage(data)
  return {
    // Structured clone copies the bytes; the renderer reads them as they come, so there is no queue to watch.
    send: (data, done) => {
      post(new Uint8Array(data))
      done()
    },
    close: (reason) => {
      post({ closed: reason })
      port.close()
    },
    pause: () => {},
    resume: () => {},
  }
}

function inputOf(data: unknown): Buffer | string | null {
  if (typeof data === 'string') return data
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  return null
}

export function registerConsolePorts(ipcMain: IpcMain, consoles: ConsoleService, isTrustedSender: SenderCheck, logger: Logger): () => void {
  const attach = (event: IpcMainEvent, token: unknown) => {
    if (!isTrustedSender(event as never)) {
      logger.warn({ frame: event.senderFrame?.url ?? null }, 'refused a console port request from a foreign frame')
      return
    }
    if (typeof token !== 'string') return
    const pending = consoles.claim(token, 'ipc')
    if (!pending) {
      event.sender.postMessage(CONSOLE_PORT_CHANNEL, { token, error: 'the console expired or was already opened' })
      return
    }
    const { port1, port2 } = new MessageChannelMain()
    const relay = consoles.attach(pending, clientOf(port1))
    port1.on('message', (message) => {
      const input = inputOf(message.data)
      if (input !== null) relay.fromClient(input)
    })
    port1.on('close', () => relay.clientClosed())
    port1.start()
    event.sender.postMessage(CONSOLE_PORT_CHANNEL, { token }, [port2])
  }
  ipcMain.on(CONSOLE_ATTACH_CHANNEL, attach)
  return () => ipcMain.removeListener(CONSOLE_ATTACH_CHANNEL, attach)
}
