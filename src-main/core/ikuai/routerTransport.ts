// One HTTP exchange with the router over the client's own undici pool: a JSON POST with the session cookie,
// bounded by the timeout, TLS as tls/pinnedConnector.ts decides. No session or retry logic here; failures below
// HTTP come back as AppErrors.
import { Pool } from 'undici'
import type { Logger } from '../logger'
import { networkError, timeoutError } from '../tls/networkErrors'
import { createConnector } from '../tls/pinnedConnector'
import type { ResolvedRouter } from './routerConnection'
import type { RawResponse } from './routerReply'

export interface RouterExchange {
  path: '/Action/login' | '/Action/call'
  body: unknown
  /** The sess_key value, once logged in. */
  sessKey?: string
  /** For logs and messages: 'login', 'dnat add'. */
  what: string
  write: boolean
}

export interface RouterResponse extends RawResponse {
  /** The sess_key cookie the router set, if any. */
  sessKey: string | null
}

// The router's web server is small and shared with its own UI; two sockets are plenty.
const MAX_SOCKETS = 2
const KEEP_ALIVE_MS = 4_000
const SESS_KEY_COOKIE = /^\s*sess_key=([^;\s]+)/

function sessKeyOf(setCookie: string | string[] | undefined): string | null {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  for (const cookie of cookies) {
    const value = SESS_KEY_COOKIE.exec(cookie)?.[1]
    // Only cookie-octets, so the value can never break out of the Cookie header we send it back in.
    if (value && /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/.test(value)) return value
  }
  return null
}

export class RouterTransport {
  private readonly pool: Pool

  constructor(
    private readonly router: ResolvedRouter,
    private readonly logger?: Logger,
  ) {
    this.pool = new Pool(router.origin, {
      connect: createConnector(router, router.fingerprint, router.timeoutMs),
      connections: MAX_SOCKETS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      headersTimeout: router.timeoutMs,
      bodyTimeout: router.timeoutMs,
    })
  }

  async send(exchange: RouterExchange): Promise<RouterResponse> {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' }
    if (exchange.sessKey) headers.cookie = `sess_key=${exchange.sessKey}`
    const timeout = AbortSignal.timeout(this.router.timeoutMs)
    const started = Date.now()
    try {
      const response = await this.pool.request({ method: 'POST', path: exchange.path, headers, body: JSON.stringify(exchange.body), signal: timeout })
      const body = await response.body.text()
      this.logger?.debug({ ikuai: this.router.endpoint, call: exchange.what, status: response.statusCode, ms: Date.now() - started }, 'ikuai call')
      return { status: response.statusCode, statusText: response.statusText, body, sessKey: sessKeyOf(response.headers['set-cookie']) }
    } catch (error) {
      const mapped = timeout.aborted ? timeoutError(this.router, this.router.timeoutMs, exchange.write) : networkError(error, this.router, this.router.timeoutMs, exchange.write)
      this.logger?.debug({ ikuai: this.router.endpoint, call: exchange.what, error: mapped.code, ms: Date.now() - started }, 'ikuai call failed')
      throw mapped
    }
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
