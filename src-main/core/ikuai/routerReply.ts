// Reading the router's answers. Both generations use the same URLs with different envelopes: 3.x
// `{Result, ErrMsg, Data, RowId}`, 4.x `{code, message, results, rowid}` (NOTES.md "Two API generations"). The
// HTTP status stays 200 for refusals, so the body decides. Firmware is known to send the bare token `timeout`
// where `Data.data` belongs, which is not JSON: that one quirk is repaired and flagged, anything else that does
// not parse or does not look like an envelope is refused.
import { z } from 'zod'
import { AppError } from '@shared/errors'
import { UNKNOWN_OUTCOME, type Upstream } from '../tls/networkErrors'

export type Generation = 3 | 4

export interface RawResponse {
  status: number
  statusText: string
  body: string
}

/** Which request a reply answers, for messages. */
export interface ReplyContext {
  upstream: Upstream
  /** 'login', 'dnat add' */
  what: string
  /** A write whose effect we cannot see when the reply is unreadable. */
  write: boolean
}

export interface RouterReply {
  generation: Generation
  /** Result (3.x) or code (4.x). */
  code: number
  /** ErrMsg (3.x) or message (4.x); '' when absent. */
  message: string
  /** Data (3.x) or results (4.x). */
  data: unknown
  /** RowId (3.x) or rowid (4.x), as sent. */
  rowId: unknown
  /** The router sent `timeout` instead of the rows. */
  dataTimedOut: boolean
}

const integer = z.preprocess((value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value), z.number().int())
const text = z.preprocess((value) => value ?? '', z.string())
const v3Envelope = z.object({ Result: integer, ErrMsg: text, Data: z.unknown().optional(), RowId: z.unknown().optional() })
const v4Envelope = z.object({ code: integer, message: text, results: z.unknown().optional(), rowid: z.unknown().optional() })

const TIMEOUT_TOKEN = /("data"\s*:\s*)timeout(?=\s*[,}])/g
/** Router messages are shown to admins; a broken router must not flood a log line or a dialog. */
const MESSAGE_LIMIT = 200

const outcome = (context: ReplyContext) => (context.write ? UNKNOWN_OUTCOME : '')
const who = (context: ReplyContext) => `${context.upstream.system} at ${context.upstream.endpoint}`

export function upstreamError(context: ReplyContext, problem: string): AppError {
  return new AppError('UPSTREAM_ERROR', `${who(context)} answered ${context.what} ${problem}${outcome(context)}`)
}

function parseJson(body: string): { json: unknown; dataTimedOut: boolean } | null {
  try {
    return { json: JSON.parse(body), dataTimedOut: false }
  } catch {
    const repaired = body.replace(TIMEOUT_TOKEN, '$1null')
    if (repaired === body) return null
    try {
      return { json: JSON.parse(repaired), dataTimedOut: true }
    } catch {
      return null
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The router's own words, printable and bounded, or its code when it gave none. */
export function routerMessage(reply: Pick<RouterReply, 'code' | 'message'>): string {
  const clean = reply.message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  if (!clean) return `code ${reply.code}`
  return clean.length > MESSAGE_LIMIT ? `${clean.slice(0, MESSAGE_LIMIT)}…` : clean
}

function httpFailure(context: ReplyContext, raw: RawResponse): AppError {
  const parsed = parseJson(raw.body)?.json
  const said = isObject(parsed) ? (parsed.ErrMsg ?? parsed.message) : undefined
  const detail = typeof said === 'string' && said.trim() ? `: ${routerMessage({ code: raw.status, message: said })}` : ''
  return upstreamError(context, `with HTTP ${raw.status} ${raw.statusText}`.trimEnd() + detail)
}

/** Data in the shape the schema describes, or UPSTREAM_ERROR naming the first odd field. */
export function readShape<T>(schema: z.ZodType<T>, data: unknown, context: ReplyContext): T {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'reply'
  throw upstreamError(context, `with an unexpected shape (${where}: ${issue?.message ?? 'invalid'})`)
}

export function readReply(context: ReplyContext, raw: RawResponse): RouterReply {
  if (raw.status < 200 || raw.status > 299) throw httpFailure(context, raw)
  const parsed = parseJson(raw.body)
  if (!parsed) throw upstreamError(context, 'with invalid JSON')
  const { json, dataTimedOut } = parsed
  if (isObject(json) && 'Result' in json) {
    const v3 = readShape(v3Envelope, json, context)
    return { generation: 3, code: v3.Result, message: v3.ErrMsg, data: v3.Data, rowId: v3.RowId, dataTimedOut }
  }
  if (isObject(json) && 'code' in json) {
    const v4 = readShape(v4Envelope, json, context)
    return { generation: 4, code: v4.code, message: v4.message, data: v4.results, rowId: v4.rowid, dataTimedOut }
  }
  throw upstreamError(context, 'without a Result or code field')
}

export function isLoginSuccess(reply: RouterReply): boolean {
  return reply.generation === 3 ? reply.code === 10000 : reply.code === 0
}

export function isCallSuccess(reply: RouterReply): boolean {
  return reply.generation === 3 ? reply.code === 30000 || reply.message === 'Success' : reply.code === 0
}

/** 10014 on 3.x, 1008 on 4.x; some firmware only says it in words. */
export function isSessionExpired(reply: RouterReply): boolean {
  if (reply.generation === 3 ? reply.code === 10014 : reply.code === 1008) return true
  return reply.message.trim().toLowerCase() === 'no login authentication'
}
