// Writes responses the way pve-http-server's AnyEvent.pm `response` and Formatter/Standard.pm do: the JSON
// envelope, the reason phrase taken from the message's first line, gzip above 1 KiB, and `Connection: close`
// on every status of 400 and above.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { STATUS_CODES } from 'node:http'
import { gzipSync } from 'node:zlib'

export interface ApiResult {
  status: number
  /** Perl's message, e.g. "CT 105 already exists on node 'pve1'\n"; becomes the reason phrase and `message`. */
  message?: string
  data?: unknown
  errors?: Record<string, string>
  total?: number
}

/** What pveproxy's node-to-node forwarding (AnyEvent::HTTP pseudo statuses 595-599) typically reports. */
const PSEUDO_STATUS_REASONS: Record<number, string> = {
  595: 'Connection refused',
  596: 'Connection timed out',
  597: 'Errors during body receiving or processing',
  598: 'User aborted request via on_header or on_body',
  599: 'Other, usually nonretryable, errors (garbled URL etc.)',
}

export function defaultReason(status: number): string {
  return PSEUDO_STATUS_REASONS[status] ?? STATUS_CODES[status] ?? 'Unknown'
}

/** The first line of the message, restricted to what Node accepts in a status line. */
function reasonPhrase(status: number, message: string | undefined): string {
  const firstLine = (message ?? '').split('\n')[0] ?? ''
  const safe = firstLine.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')
  return safe || defaultReason(status)
}

/** Formatter/Standard.pm prepare_response_data for the json format. */
function envelope(result: ApiResult): string {
  const body: Record<string, unknown> = { data: result.data ?? null }
  const failed = result.status >= 400
  if (failed) body.message = result.message || `${defaultReason(result.status)}\n`
  if (result.errors && Object.keys(result.errors).length > 0) body.errors = result.errors
  if (!failed && result.total) body.total = result.total
  return JSON.stringify(body)
}

function standardHeaders(status: number): Record<string, string> {
  const date = new Date().toUTCString()
  return {
    Date: date,
    Expires: date,
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    Server: 'pve-api-daemon/3.0',
    Connection: status >= 400 ? 'close' : 'Keep-Alive',
  }
}

export interface SendOptions {
  /** Cut the body in half (Content-Length still matches), so the client receives broken JSON. */
  truncate?: boolean
}

export function sendApiResult(req: IncomingMessage, res: ServerResponse, result: ApiResult, options: SendOptions = {}): void {
  let body: Buffer = Buffer.from(envelope(result), 'utf8')
  const headers: Record<string, string> = { ...standardHeaders(result.status), 'Content-Type': 'application/json;charset=UTF-8' }
  if (options.truncate) {
    body = body.subarray(0, Math.floor(body.length / 2))
  } else if (body.length > 1024 && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
    body = gzipSync(body)
    headers['Content-Encoding'] = 'gzip'
  }
  headers['Content-Length'] = String(body.length)
  res.writeHead(result.status, reasonPhrase(result.status, result.message), headers)
  res.end(body)
}

/** A status line without body, as pveproxy sends for auth failures and for errors raised outside the API handler. */
export function sendBare(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, reasonPhrase(status, message), { ...standardHeaders(status), 'Content-Length': '0' })
  res.end()
}
