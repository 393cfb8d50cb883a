// The VNC side of vncwebsocket: bytes between the websocket and a real VNC server, untouched in both directions,
// standing in for vncterm inside the container's console.

import { connect } from 'node:net'
import type { WebSocket } from 'ws'

export interface VncServerAddress {
  host: string
  port: number
}

/** Closes a VNC websocket when the fake was started without a VNC server to relay to. */
export function refuseVncSession(socket: WebSocket, onEnd: () => void): void {
  socket.close(1011, 'fake PVE: no VNC server configured (startFakePve({ console: { vnc } }))')
  onEnd()
}

export function relayVncSession(socket: WebSocket, server: VncServerAddress, onEnd: () => void): void {
  const upstream = connect(server.port, server.host)
  let ended = false
  const end = (): void => {
    if (ended) return
    ended = true
    upstream.destroy()
    if (socket.readyState === socket.OPEN) socket.close()
    onEnd()
  }
  upstream.on('data', (bytes) => socket.send(bytes, { binary: true }))
  upstream.on('close', end)
  upstream.on('error', end)
  socket.on('message', (data: Buffer) => upstream.write(data))
  socket.on('close', end)
  socket.on('error', end)
}
