// The renderer's end of a console, WebSocket-shaped so noVNC can use it as is: the headless server's one-time
// WebSocket in the browser, a MessagePort from main in the desktop app (main keeps PVE's socket and its ticket).
import {
  CONSOLE_ATTACH_MESSAGE,
  isConsolePortMessage,
  type ConsoleAttachMessage,
  type ConsolePortData,
  type ConsoleSession,
} from '@shared/domain/console'
import type { TransportKind } from '../../api/transport'

type ReadyState = 'connecting' | 'open' | 'closing' | 'closed'

/** What noVNC's Websock and the terminal need from a socket. */
export interface ConsoleChannel {
  binaryType: string
  readonly protocol: string
  readonly readyState: ReadyState | number
  onopen: ((event: Event) => void) | null
  onmessage: ((event: { data: ArrayBuffer | string }) => void) | null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null
  onerror: ((event: Event) => void) | null
  send(data: string | ArrayBuffer | ArrayBufferView): void
  close(): void
}

const PORT_TIMEOUT_MS = 10_000

/** A WebSocket says 1, a PortChannel 'open'. */
export function isOpen(channel: ConsoleChannel): boolean {
  return channel.readyState === 'open' || channel.readyState === WebSocket.OPEN
}

/** A MessagePort from main, behaving like an open WebSocket. */
export class PortChannel implements ConsoleChannel {
  binaryType = 'arraybuffer'
  readonly protocol = 'binary'
  private state: ReadyState = 'open'
  onopen: ConsoleChannel['onopen'] = null
  onmessage: ConsoleChannel['onmessage'] = null
  onclose: ConsoleChannel['onclose'] = null
  onerror: ConsoleChannel['onerror'] = null

  constructor(private readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent<ConsolePortData>) => this.receive(event.data)
    port.start()
  }

  get readyState(): ReadyState {
    return this.state
  }

  private receive(data: ConsolePortData): void {
    if (this.state !== 'open') return
    if (typeof data === 'string') this.onmessage?.({ data })
    else if (data instanceof Uint8Array) this.onmessage?.({ data: data.slice().buffer })
    else this.finish(data.closed)
  }

  private finish(reason: string): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.port.close()
    this.onclose?.({ code: 1000, reason, wasClean: true })
  }

  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this.state !== 'open') return
    if (typeof data === 'string') this.port.postMessage(data)
    else if (data instanceof ArrayBuffer) this.port.postMessage(new Uint8Array(data.slice(0)))
    else this.port.postMessage(new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)))
  }

  close(): void {
    if (this.state !== 'open') return
    this.state = 'closing'
    // Like a WebSocket, the close event comes later, not from inside close().
    queueMicrotask(() => this.finish(''))
  }
}

/** Asks main (through the preload) for the port of `token`. */
function requestPort(token: string): Promise<MessagePort> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('no console port arrived')), PORT_TIMEOUT_MS)
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window || !isConsolePortMessage(event.data) || event.data.token !== token) return
      if (event.data.error || !event.ports[0]) done(new Error(event.data.error ?? 'no console port arrived'))
      else done(null, event.ports[0])
    }
    const done = (error: Error | null, port?: MessagePort) => {
      clearTimeout(timer)
      window.removeEventListener('message', onMessage)
      if (error) reject(error)
      else resolve(port!)
    }
    window.addEventListener('message', onMessage)
    const request: ConsoleAttachMessage = { type: CONSOLE_ATTACH_MESSAGE, token }
    window.postMessage(request, window.location.origin)
  })
}

export function consoleWebSocketUrl(path: string, location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`
}

export async function openConsoleChannel(transport: TransportKind, session: ConsoleSession): Promise<ConsoleChannel> {
  if (transport === 'ipc') return new PortChannel(await requestPort(session.token))
  const socket = new WebSocket(consoleWebSocketUrl(session.websocket_path))
  socket.binaryType = 'arraybuffer'
  return socket as unknown as ConsoleChannel
}
