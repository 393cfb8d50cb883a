// The websocket to PVE's vncwebsocket, opened by us (not the renderer) so the API token or ticket stays in main.
// TLS goes through the same connector as every other PVE call: system CAs, or exactly the pinned certificate.
import type { Duplex } from 'node:stream'
import WebSocket from 'ws'
import { AppError } from '@shared/errors'
import type { ResolvedConnection } from '../pve/pveConnection'
import { pvePath } from '../pve/requestEncoding'
import { networkError, timeoutError } from '../tls/networkErrors'
import { createConnector } from '../tls/pinnedConnector'
import { HeldOutput } from './heldOutput'

export interface VncSocketTarget {
  pveNode: string
  vmid: number
  port: number
  vncticket: string
}

/** PVE's websocket proxy refuses larger frames; its own output comes in socket-read sized pieces, far below this. */
const MAX_UPSTREAM_FRAME_BYTES = 4 * 1024 * 1024

export function vncWebSocketUrl(connection: ResolvedConnection, target: VncSocketTarget): string {
  const query = new URLSearchParams({ port: String(target.port), vncticket: target.vncticket })
  return `wss://${connection.endpoint}/api2/json${pvePath`/nodes/${target.pveNode}/lxc/${target.vmid}/vncwebsocket`}?${query}`
}

/** Authorization for the upgrade request: it must come from the same token or user that asked for the ticket. */
export type UpgradeAuth = { kind: 'token'; tokenId: string; tokenSecret: string } | { kind: 'cookie'; ticket: string }

function authHeaders(auth: UpgradeAuth): Record<string, string> {
  return auth.kind === 'token' ? { authorization: `PVEAPIToken=${auth.tokenId}=${auth.tokenSecret}` } : { cookie: `PVEAuthCookie=${encodeURIComponent(auth.ticket)}` }
}

export interface OpenedSocket {
  socket: WebSocket
  /** Everything PVE sent since the socket opened, until the relay takes over. */
  held: HeldOutput
}

export function openVncWebSocket(connection: ResolvedConnection, target: VncSocketTarget, auth: UpgradeAuth): Promise<OpenedSocket> {
  const connector = createConnector(connection, connection.fingerprint, connection.timeoutMs)
  // Node's http client accepts an asynchronous createConnection; the pinned connector needs one (it may first
  // learn the pinned certificate).
  const createConnection = (_options: unknown, done: (error: Error | null, socket: Duplex | null) => void) => {
    connector({ hostname: connection.hostname, host: connection.endpoint, protocol: 'https:', port: String(connection.port), servername: undefined, localAddress: null, httpSocket: undefined }, (error, socket) =>
      done(error, socket as Duplex | null),
    )
    return undefined
  }
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(vncWebSocketUrl(connection, target), ['binary'], {
      headers: authHeaders(auth),
      handshakeTimeout: connection.timeoutMs,
      maxPayload: MAX_UPSTREAM_FRAME_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
      createConnection: createConnection as never,
    })
    socket.binaryType = 'nodebuffer'
    const fail = (error: AppError) => {
      socket.removeAllListeners()
      socket.on('error', () => {})
      socket.terminate()
      reject(error)
    }
    socket.once('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0
      const message = `PVE refused the console websocket: ${status} ${response.statusMessage ?? ''}`.trim()
      fail(new AppError(status === 401 || status === 403 ? 'UPSTREAM_AUTH' : 'UPSTREAM_ERROR', message))
    })
    socket.once('error', (error) => {
      if (error instanceof AppError) return fail(error)
      fail(/timed out/i.test(error.message) ? timeoutError(connection, connection.timeoutMs) : networkError(error, connection, connection.timeoutMs))
    })
    socket.once('open', () => {
      socket.removeAllListeners()
      // A failure after opening always ends in 'close', which the holder or the relay handles.
      socket.on('error', () => {})
      resolve({ socket, held: new HeldOutput(socket) })
    })
  })
}
