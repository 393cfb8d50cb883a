// A bare HTTP client for testing the fake itself: posts JSON, keeps the sess_key cookie, and returns what the
// fake sent without interpreting it.
import { createHash } from 'node:crypto'
import type { FakeIkuai } from './index'

export interface RawReply {
  status: number
  setCookie: string[]
  body: string
  /** undefined when the body is not JSON. */
  json: any
}

export interface RawRouter {
  post(path: string, body: unknown, cookie?: string): Promise<RawReply>
  /** Logs in with the correct form and keeps the session. */
  login(): Promise<RawReply>
  call(action: string, param?: Record<string, unknown>, funcName?: string): Promise<RawReply>
}

export function loginBody(username: string, password: string): Record<string, string> {
  return {
    username,
    passwd: createHash('md5').update(password, 'utf8').digest('hex'),
    pass: Buffer.from(`salt_11${password}`, 'utf8').toString('base64'),
    remember_password: '',
  }
}

export function rawRouter(fake: FakeIkuai): RawRouter {
  let cookie: string | undefined
  const post = async (path: string, body: unknown, withCookie?: string): Promise<RawReply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (withCookie) headers.cookie = withCookie
    const response = await fetch(fake.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, setCookie: response.headers.getSetCookie(), body: text, json }
  }
  return {
    post,
    login: async () => {
      const reply = await post('/Action/login', loginBody(fake.username, fake.password))
      cookie = reply.setCookie[0]?.split(';')[0]
      return reply
    },
    call: (action, param = {}, funcName = 'dnat') => post('/Action/call', { func_name: funcName, action, param }, cookie),
  }
}
