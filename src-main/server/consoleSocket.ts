// The browser's end of a console: a same-origin WebSocket at /api/console/<one-time token>. A browser cannot put a
// bearer token on a WebSocket, so the token from containers.console (bound to the caller's login session, single
// use, about 30 s) is the credential, and the Origin must be this server's own.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { WebSocketServer, type WebSocket } from 'ws'
import { CONSOLE_MAX_FRAME_BYTES, CONSOLE_PATH_PREFIX } from '@shared/domain/console'
import type { ConsoleClient } from '../core/console/consoleRelay'
import type { ConsoleService } from '../core/console/consoleService'
import type { Logger } from '../core/logger'

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
}

/** Same origin: what the page was loaded from is where it connects to. Non-browser clients send no Origin. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  try {
    return new URL(origin).host === request.headers.host
  } catch {
    return false
  }
}

function clientOf(socket: WebSocket): ConsoleClient {
  return {
    send: (data, done) => socket.send(data, { binary: true }, () => done()),
    close: (reason) => socket.close(1000, reason.slice(0, 120)),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
  }
}

export function attachConsoleSocket(app: FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>, consoles: ConsoleService, logger: Logger): void {
  const server = new WebSocketServer({ noServer: true, maxPayload: CONSOLE_MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true })

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0]!
    if (!path.startsWith(CONSOLE_PATH_PREFIX)) return refuse(socket, 404, 'Not Found')
    if (!sameOrigin(request)) {
      logger.warn({ origin: request.headers.origin ?? null }, 'refused a console websocket from another origin')
      return refuse(socket, 403, 'Forbidden')
    }
    const console = consoles.claim(path.slice(CONSOLE_PATH_PREFIX.length), 'http')
    if (!console) return refuse(socket, 404, 'Not Found')
    server.handleUpgrade(request, socket, head, (client) => {
      const relay = consoles.attach(console, clientOf(client))
      client.on('message', (data: Buffer, isBinary) => relay.fromClient(isBinary ? data : data.toString('utf8')))
      client.on('close', () => relay.clientClosed())
      client.on('error', () => relay.clientClosed())
    })
  })

  // Open consoles would otherwise keep the server from closing.
  app.addHook('preClose', (done) => {
    for (const client of server.clients) client.terminate()
    server.close()
    done()
  })
}
