// A deliberately thin HTTP client for the fake's own tests: undici fetch trusting the fake's CA, form-encoded
// bodies like PVE's GUI sends, and the raw status line and body handed back for assertions.

import { Agent, fetch } from 'undici'
import type { FakePve } from './index'

export type Credentials =
  | { kind: 'token'; tokenId: string; secret: string }
  | { kind: 'ticket'; ticket: string; csrf?: string }
  | { kind: 'none' }

export interface CallOptions {
  params?: Record<string, string | number>
  /** Sent as application/json instead of a form. */
  json?: unknown
  as?: Credentials
  headers?: Record<string, string>
  /** Stream the body, which makes undici send it with chunked transfer encoding. */
  chunked?: boolean
}

export interface PveReply {
  status: number
  statusText: string
  headers: { get(name: string): string | null }
  body: string
  // Tests read arbitrary fields of PVE's untyped answers.
  json: any
}

export interface PveTestClient {
  call(method: string, path: string, options?: CallOptions): Promise<PveReply>
  /** Polls the task's status until it stops and returns that status. */
  waitForTask(upid: string, as?: Credentials): Promise<{ status: string; exitstatus: string }>
  /** Logs in with a password and returns ticket credentials. */
  login(username: string, password: string): Promise<Credentials & { kind: 'ticket' }>
  close(): Promise<void>
}

export function rootTokenOf(fake: FakePve): Credentials {
  return { kind: 'token', ...fake.rootToken }
}

export function pveTestClient(fake: FakePve): PveTestClient {
  const agent = new Agent({ connect: { ca: fake.caPem } })

  const call: PveTestClient['call'] = async (method, path, options = {}) => {
    const as = options.as ?? rootTokenOf(fake)
    const headers: Record<string, string> = { ...options.headers }
    if (as.kind === 'token') headers.authorization = `PVEAPIToken=${as.tokenId}=${as.secret}`
    if (as.kind === 'ticket') {
      headers.cookie = `PVEAuthCookie=${encodeURIComponent(as.ticket)}`
      if (as.csrf) headers.csrfpreventiontoken = as.csrf
    }
    const form = new URLSearchParams(Object.fromEntries(Object.entries(options.params ?? {}).map(([key, value]) => [key, String(value)])))
    let url = `${fake.url}/api2/json${path}`
    let body: string | undefined
    if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      headers['content-type'] = 'application/json'
    } else if (method === 'GET' || method === 'DELETE') {
      if (form.size > 0) url += `?${form}`
    } else {
      body = form.toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    const streamed =
      options.chunked && body !== undefined
        ? { body: new Blob([body]).stream(), duplex: 'half' as const }
        : { body }
    const response = await fetch(url, { method, headers, ...streamed, dispatcher: agent })
    const text = await response.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: text, json }
  }

  return {
    call,
    async waitForTask(upid, as) {
      const nodeName = upid.split(':')[1]
      for (;;) {
        const reply = await call('GET', `/nodes/${nodeName}/tasks/${encodeURIComponent(upid)}/status`, { as })
        if (reply.status !== 200) throw new Error(`task status: ${reply.status} ${reply.statusText}`)
        if (reply.json.data.status === 'stopped') return reply.json.data
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    async login(username, password) {
      const reply = await call('POST', '/access/ticket', { params: { username, password }, as: { kind: 'none' } })
      if (reply.status !== 200) throw new Error(`login: ${reply.status} ${reply.statusText}`)
      return { kind: 'ticket', ticket: reply.json.data.ticket, csrf: reply.json.data.CSRFPreventionToken }
    },
    close: () => agent.close(),
  }
}
