// The request pipeline: read the JSON body, record it, apply injected faults, then answer /Action/login or
// /Action/call. Like the real web API, refusals (wrong password, expired session, bad parameters) are HTTP 200
// with a failure code in the body; only unknown URLs and injected `status` faults get HTTP errors.

import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { DnatTable } from './dnatTable'
import { renderAnswer, renderTimeoutToken, type Answer } from './envelope'
import type { FaultInjector } from './faults'
import type { FakeIkuai } from './index'
import { loginAccepted, type Credentials } from './login'
import { sessKeyOf, type SessionStore } from './sessions'

const LOGIN_PATH = '/Action/login'
const CALL_PATH = '/Action/call'
const WRONG_PASSWORD = '用户名或密码错误'

export interface RecordedTraffic {
  calls: FakeIkuai['calls']
  logins: FakeIkuai['logins']
  loginCount: number
  peakConcurrency: Map<string, number>
}

export interface PipelineOptions {
  generation: 3 | 4
  credentials: Credentials
  sessions: SessionStore
  dnat: DnatTable
  faults: FaultInjector
  traffic: RecordedTraffic
  /** Responses a `hang` fault holds open until the fake closes. */
  heldResponses: Set<ServerResponse>
}

type Call = FakeIkuai['calls'][number]

interface Reply {
  status: number
  body: string
  sessKey?: string
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asCall(json: unknown): Call | undefined {
  if (!isObject(json) || typeof json.func_name !== 'string' || typeof json.action !== 'string') return undefined
  return { func_name: json.func_name, action: json.action, param: isObject(json.param) ? json.param : {} }
}

function errorPage(status: number, message?: string): Reply {
  const text = `${status} ${message ?? STATUS_CODES[status] ?? 'Error'}`
  return { status, body: `<html><head><title>${text}</title></head><body><h1>${text}</h1></body></html>` }
}

function send(res: ServerResponse, reply: Reply, truncate = false): void {
  const html = reply.status !== 200
  let body = Buffer.from(reply.body, 'utf8')
  if (truncate) body = body.subarray(0, Math.floor(body.length / 2))
  const headers: Record<string, string> = {
    'Content-Type': html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
  }
  if (reply.sessKey) headers['Set-Cookie'] = `sess_key=${reply.sessKey}; path=/`
  res.writeHead(reply.status, headers)
  res.end(body)
}

/** Counts the request as in flight for its action until its response is done. */
function trackConcurrency(traffic: RecordedTraffic, inFlight: Map<string, number>, action: string, res: ServerResponse): void {
  const now = (inFlight.get(action) ?? 0) + 1
  inFlight.set(action, now)
  traffic.peakConcurrency.set(action, Math.max(now, traffic.peakConcurrency.get(action) ?? 0))
  res.once('close', () => inFlight.set(action, (inFlight.get(action) ?? 1) - 1))
}

function answerLogin(options: PipelineOptions, json: unknown): Reply {
  options.traffic.loginCount += 1
  options.traffic.logins.push(isObject(json) ? json : {})
  if (!loginAccepted(json, options.credentials)) {
    return { status: 200, body: renderAnswer(options.generation, { kind: 'login-refused', message: WRONG_PASSWORD }) }
  }
  return { status: 200, body: renderAnswer(options.generation, { kind: 'login-accepted' }), sessKey: options.sessions.issue() }
}

function answerCall(options: PipelineOptions, call: Call | undefined, cookie: string | undefined): Answer {
  if (!call) return { kind: 'refused', message: 'invalid request' }
  if (!options.sessions.use(sessKeyOf(cookie))) return { kind: 'session-expired' }
  if (call.func_name !== 'dnat') return { kind: 'refused', message: `unknown func_name ${call.func_name}` }
  return options.dnat.handle(call.action, call.param)
}

export function createRequestListener(options: PipelineOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const inFlight = new Map<string, number>()
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://fake-ikuai').pathname
    const json = parseJson(await readBody(req))
    const call = path === CALL_PATH ? asCall(json) : undefined
    if (call) {
      options.traffic.calls.push(call)
      trackConcurrency(options.traffic, inFlight, call.action, res)
    }
    const faults = options.faults.forRequest(path, call?.action)
    if (faults.latencyMs > 0) await delay(faults.latencyMs)
    const fault = faults.answer
    switch (fault?.kind) {
      case 'reset':
        req.socket.destroy()
        return
      case 'hang':
        options.heldResponses.add(res)
        return
      case 'status':
        send(res, errorPage(fault.status ?? 500, fault.message))
        return
      case 'error':
        send(res, { status: 200, body: renderAnswer(options.generation, { kind: 'refused', message: fault.message ?? 'injected failure' }) })
        return
      case 'timeout-token':
        send(res, { status: 200, body: renderTimeoutToken(options.generation) })
        return
    }
    let reply: Reply
    if (req.method !== 'POST' || (path !== LOGIN_PATH && path !== CALL_PATH)) reply = errorPage(404)
    else if (path === LOGIN_PATH) reply = answerLogin(options, json)
    else reply = { status: 200, body: renderAnswer(options.generation, answerCall(options, call, req.headers.cookie)) }
    send(res, reply, fault?.kind === 'invalid-json')
  }
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, errorPage(500, (error as Error).message))
    })
  }
}
