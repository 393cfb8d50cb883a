// Bytes both ways between PVE's websocket and the renderer's end (a WebSocket of the headless server, or a
// MessagePort in the desktop app), with flow control on both sides and one close for both.
import type WebSocket from 'ws'
import { CONSOLE_MAX_FRAME_BYTES } from '@shared/domain/console'
import type { Logger } from '../logger'

/** The renderer's end of a console, whatever carries it. */
export interface ConsoleClient {
  /** Calls `done` once the bytes are on their way (at once where the transport cannot tell). */
  send(data: Buffer, done: () => void): void
  /** Ends the renderer's side, telling it why. */
  close(reason: string): void
  /** Stop and restart reading from the renderer while PVE cannot keep up. */
  pause(): void
  resume(): void
}

export interface ConsoleRelay {
  /** Input from the renderer: termproxy's text protocol or RFB bytes; PVE takes both as binary frames. */
  fromClient(data: Buffer | string): void
  /** The renderer's side went away. */
  clientClosed(): void
  readonly closed: Promise<void>
}

export interface RelayOptions {
  logger: Logger
  /** For the log: which console this is (never the ticket or the token). */
  describe: Record<string, unknown>
  /** Output that arrived before the renderer attached (right behind termproxy's OK). */
  pending?: Buffer
}

const HIGH_WATER = 1024 * 1024
const LOW_WATER = 256 * 1024

/** Counts bytes handed to a transport until it reports them sent, pausing the source above HIGH_WATER. */
function flowGate(pause: () => void, resume: () => void) {
  let queued = 0
  let paused = false
  return {
    add(bytes: number): () => void {
      queued += bytes
      if (!paused && queued > HIGH_WATER) {
        paused = true
        pause()
      }
      return () => {
        queued -= bytes
        if (paused && queued < LOW_WATER) {
          paused = false
          resume()
        }
      }
    },
  }
}

/** What PVE said when it closed, for the viewer; empty for a normal end, which the UI words itself. */
function closeReason(code: number, reason: Buffer): string {
  const text = reason.toString('utf8')
  return text || (code === 1000 || code === 1005 ? '' : `the console closed (${code})`)
}

export function relayConsole(upstream: WebSocket, client: ConsoleClient, options: RelayOptions): ConsoleRelay {
  const { logger, describe } = options
  const started = Date.now()
  let bytesIn = 0
  let bytesOut = 0
  let ended = false
  let markClosed: () => void = () => {}
  const closed = new Promise<void>((resolve) => (markClosed = resolve))

  const end = (reason: string, from: 'pve' | 'client') => {
    if (ended) return
    ended = true
    upstream.removeAllListeners('message')
    if (from === 'pve') client.close(reason)
    if (upstream.readyState === upstream.OPEN || upstream.readyState === upstream.CONNECTING) upstream.close(1000)
    else upstream.terminate()
    logger.info({ ...describe, from, reason: reason || 'normal end', seconds: Math.round((Date.now() - started) / 1000), bytesIn, bytesOut }, 'console closed')
    markClosed()
  }

  const towardsClient = flowGate(
    () => upstream.pause(),
    () => upstream.resume(),
  )
  const towardsPve = flowGate(
    () => client.pause(),
    () => client.resume(),
  )
  const forward = (data: Buffer) => {
    if (ended || data.length === 0) return
    bytesOut += data.length
    client.send(data, towardsClient.add(data.length))
  }

  upstream.on('message', (data: Buffer) => forward(data))
  upstream.on('close', (code, reason) => end(closeReason(code, reason), 'pve'))
  upstream.on('error', (error) => {
    logger.warn({ ...describe, err: error.message }, 'console websocket to PVE failed')
    end('the connection to PVE failed', 'pve')
  })
  if (options.pending?.length) forward(options.pending)
  upstream.resume()

  return {
    closed,
    fromClient(data) {
      if (ended || upstream.readyState !== upstream.OPEN) return
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
      bytesIn += bytes.length
      // PVE treats text and binary frames alike and parses a byte stream, so splitting a long paste is safe.
      for (let offset = 0; offset < bytes.length; offset += CONSOLE_MAX_FRAME_BYTES) {
        const chunk = bytes.subarray(offset, offset + CONSOLE_MAX_FRAME_BYTES)
        const sent = towardsPve.add(chunk.length)
        upstream.send(chunk, { binary: true }, sent)
      }
    },
    clientClosed() {
      end('the viewer closed', 'client')
    },
  }
}
