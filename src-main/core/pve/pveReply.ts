// Reading PVE's answers. Success is HTTP 200 with a `{data}` envelope (plus `total` on some lists). Errors carry
// their message in the reason phrase and, for the json formatter, in `message`; parameter checks fail with 400
// and `errors: {param: reason}` (pve-http-server Formatter/Standard.pm). Auth failures may come with an empty
// body, so the status line is the fallback, never dropped.
import { STATUS_CODES } from 'node:http'
import { AppError, type FieldErrors } from '@shared/errors'

export interface RawResponse {
  status: number
  statusText: string
  body: string
}

export interface PveEnvelope {
  data: unknown
  total?: number
}

export interface CallDescription {
  method: string
  /** Path below /api2/json, decoded, for messages. */
  path: string
  /** host:port */
  endpoint: string
}

/** Field errors from PVE are keyed `pve.<parameter>`, so they are not mistaken for proxdesk's own form fields. */
export const PVE_FIELD_PREFIX = 'pve.'

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function reasonOf(raw: RawResponse, json: unknown): string {
  const message = isObject(json) && typeof json.message === 'string' ? json.message.trim() : ''
  return message || raw.statusText.trim() || STATUS_CODES[raw.status] || 'no reason given'
}

function fieldErrorsOf(json: unknown): FieldErrors | null {
  if (!isObject(json) || !isObject(json.errors)) return null
  const entries = Object.entries(json.errors).map(([param, reason]) => [PVE_FIELD_PREFIX + param, String(reason).trim()] as const)
  return entries.length > 0 ? Object.fromEntries(entries) : null
}

export function errorFromResponse(call: CallDescription, raw: RawResponse): AppError {
  const json = parseJson(raw.body)
  const reason = reasonOf(raw, json)
  const status = `${raw.status} ${reason}`
  const fields = raw.status === 400 ? fieldErrorsOf(json) : null
  if (fields) {
    const details = Object.entries(fields).map(([field, problem]) => `${field.slice(PVE_FIELD_PREFIX.length)}: ${problem}`).join('; ')
    return new AppError('VALIDATION', `PVE rejected ${call.method} ${call.path}: ${reason} (${details})`, { fields })
  }
  if (raw.status === 401) return new AppError('UPSTREAM_AUTH', `PVE at ${call.endpoint} refused the credentials: ${status}`)
  if (raw.status === 403) return new AppError('UPSTREAM_AUTH', `PVE at ${call.endpoint} denied ${call.method} ${call.path}: ${status}`)
  // 595-599 are pveproxy's own statuses for failing to forward the call to another cluster node.
  if (raw.status >= 595 && raw.status <= 599) {
    return new AppError('UPSTREAM_UNREACHABLE', `PVE at ${call.endpoint} could not reach the cluster node for ${call.method} ${call.path}: ${status}`)
  }
  return new AppError('UPSTREAM_ERROR', `PVE ${call.method} ${call.path} failed: ${status}`)
}

export function readReply(call: CallDescription, raw: RawResponse): PveEnvelope {
  if (raw.status < 200 || raw.status > 299) throw errorFromResponse(call, raw)
  const json = parseJson(raw.body)
  if (json === undefined) throw new AppError('UPSTREAM_ERROR', `PVE answered ${call.method} ${call.path} with invalid JSON`)
  if (!isObject(json) || !('data' in json)) throw new AppError('UPSTREAM_ERROR', `PVE answered ${call.method} ${call.path} without the {data} envelope`)
  const total = Number(json.total)
  return json.total !== undefined && Number.isFinite(total) ? { data: json.data, total } : { data: json.data }
}
