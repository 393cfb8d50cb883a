// The embedded console: what the renderer asks for, what it gets back, and the termproxy wire format it speaks.
// The PVE ticket never leaves main: the bridge logs the terminal in itself; the renderer only gets a one-time token.
import { z } from 'zod'
import { idParam } from '../validators'

export const consoleKind = z.enum(['terminal', 'vnc'])
export type ConsoleKind = z.infer<typeof consoleKind>

export const openConsoleInput = z.strictObject({ id: idParam, kind: consoleKind })

export const consoleSession = z.strictObject({
  kind: consoleKind,
  /** Single use, valid for about 30 s: in the browser part of websocket_path, in the desktop app the MessagePort key. */
  token: z.string(),
  /** Same-origin WebSocket path of the headless server. */
  websocket_path: z.string(),
  /** The RFB password for noVNC (PVE's `password`, else its ticket); ephemeral and bound to this console's port. */
  vnc_password: z.string().optional(),
})
export type ConsoleSession = z.infer<typeof consoleSession>

export const CONSOLE_PATH_PREFIX = '/api/console/'
/** PVE rejects larger websocket frames; the bridge refuses and splits at this size too. */
export const CONSOLE_MAX_FRAME_BYTES = 128 * 1024
/** termproxy ignores it, but pveproxy closes idle websockets; PVE's own xterm page sends it every 30 s. */
export const TERMPROXY_KEEPALIVE = '2'
export const TERMPROXY_KEEPALIVE_MS = 30_000

const encoder = new TextEncoder()

/** `0:LEN:DATA`, LEN being the UTF-8 byte length of DATA. */
export function termproxyInput(data: string): string {
  return `0:${encoder.encode(data).length}:${data}`
}

/** `1:COLS:ROWS:`, columns first, with the trailing colon termproxy expects. */
export function termproxyResize(cols: number, rows: number): string {
  return `1:${Math.max(1, Math.floor(cols))}:${Math.max(1, Math.floor(rows))}:`
}

// The desktop app hands the renderer a MessagePort instead of a WebSocket (Electron's contextIsolation pattern):
// the page asks the preload with window.postMessage, main answers with a port, the preload passes it on.
export const CONSOLE_ATTACH_MESSAGE = 'proxdesk:console-attach'
export const CONSOLE_PORT_MESSAGE = 'proxdesk:console-port'
/** IPC channels between preload and main for that hand-off (not contract operations: they carry a port). */
export const CONSOLE_ATTACH_CHANNEL = 'proxdesk-console:attach'
export const CONSOLE_PORT_CHANNEL = 'proxdesk-console:port'

export interface ConsoleAttachMessage {
  type: typeof CONSOLE_ATTACH_MESSAGE
  token: string
}
/** With the port in `event.ports[0]`, or `error` when the token was unknown, used or expired. */
export interface ConsolePortMessage {
  type: typeof CONSOLE_PORT_MESSAGE
  token: string
  error?: string
}
/** Over the MessagePort: bytes or text both ways; `{ closed }` from main when PVE's side ended. */
export type ConsolePortData = string | Uint8Array | { closed: string }

export function isConsoleAttachMessage(value: unknown): value is ConsoleAttachMessage {
  const message = value as Partial<ConsoleAttachMessage> | null
  return typeof message === 'object' && message !== null && message.type === CONSOLE_ATTACH_MESSAGE && typeof message.token === 'string' && /^[\w-]{16,128}$/.test(message.token)
}

export function isConsolePortMessage(value: unknown): value is ConsolePortMessage {
  const message = value as Partial<ConsolePortMessage> | null
  return typeof message === 'object' && message !== null && message.type === CONSOLE_PORT_MESSAGE && typeof message.token === 'string'
}
