// WebSocket upgrades as pveproxy handles them (pve-http-server AnyEvent.pm): the upgrade request is an ordinary
// API call first (authentication, permissions, parameter checks and the vncwebsocket handler's ticket check);
// only when that answers 200 is the connection switched and handed to the console proxy on `port`. Any other
// answer goes out as the normal HTTP response. The requested subprotocol (`binary`) is echoed. Injected faults
// apply to upgrades too: latency delays them, `reset` and `hang` drop or stall them, `status` refuses them.

import { ServerResponse, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { defaultReason, sendApiResult, sendBare } from '../respond'
import { answerUpgradeRequest, type PipelineOptions } from '../server'
import type { ConsoleHub } from './consoleHub'

/** websocket_proxy's max_payload_size. */
const MAX_FRAME_BYTES = 128 * 1024
const VNC_WEBSOCKET_PATH = /^\/api2\/json\/nodes\/[^/]+\/lxc\/\d+\/vncwebsocket\/*$/

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Writes a normal HTTP answer on the socket of an upgrade request that is refused. */
function refuse(req: IncomingMessage, socket: Duplex, write: (res: ServerResponse) => void): void {
  const res = new ServerResponse(req)
  res.shouldKeepAlive = false
  res.assignSocket(socket as never)
  res.on('finish', () => socket.end())
  write(res)
}

export function createUpgradeListener(
  pipeline: PipelineOptions,
  consoles: ConsoleHub,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const websockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  })

  const handle = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const path = new URL(req.url ?? '/', 'https://fake-pve').pathname
    const faults = pipeline.services.faults.forRequest(req.method ?? 'GET', path)
    if (faults.latencyMs > 0) await delay(faults.latencyMs)
    const fault = faults.answer
    if (fault?.kind === 'reset') {
      socket.destroy()
      return
    }
    if (fault?.kind === 'hang') return
    if (fault?.kind === 'status') {
      const status = fault.status ?? 500
      // As for other requests: 595-599 stand for pveproxy's node-to-node forwarding, which passes no body along.
      refuse(req, socket, (res) =>
        status >= 595
          ? sendBare(res, status, fault.message ?? defaultReason(status))
          : sendApiResult(req, res, { status, message: fault.message ?? `${defaultReason(status)}\n` }),
      )
      return
    }
    const answer = await answerUpgradeRequest(pipeline, req)
    if (answer.status === 200 && 'result' in answer && VNC_WEBSOCKET_PATH.test(path)) {
      const port = Number((answer.result.data as { port: string }).port)
      websockets.handleUpgrade(req, socket, head, (websocket) => consoles.attach(port, websocket))
      return
    }
    if (answer.status === 401 && pipeline.authFailureDelayMs > 0) await delay(pipeline.authFailureDelayMs)
    refuse(req, socket, (res) =>
      'result' in answer ? sendApiResult(req, res, answer.result) : sendBare(res, answer.status, answer.bareMessage),
    )
  }

  return (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    handle(req, socket, head).catch(() => socket.destroy())
  }
}
