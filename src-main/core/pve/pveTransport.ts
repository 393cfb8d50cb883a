// One HTTP exchange with PVE over the connection's own undici pool (keep-alive, bounded timeouts, TLS as
// tls/pinnedConnector.ts decides). No retries and no auth logic here; failures below HTTP come back as AppErrors.
import { Pool } from 'undici'
import type { Logger } from '../logger'
import { networkError, timeoutError } from '../tls/networkErrors'
import { createConnector } from '../tls/pinnedConnector'
import type { ResolvedConnection } from './pveConnection'
import type { RawResponse } from './pveReply'
import { encodeParams, type PveParams } from './requestEncoding'

export type PveMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface PveExchange {
  method: PveMethod
  /** Below /api2/json, already percent-encoded (see pvePath). */
  path: string
  params?: PveParams
  headers?: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
}

const API_PREFIX = '/api2/json'
// pveproxy serves a handful of workers; a few sockets per connection are plenty and keep us polite.
const MAX_SOCKETS = 6
// Below pveproxy's idle timeout, so we close idle sockets before the server does and rarely write into a
// socket the server is closing.
const KEEP_ALIVE_MS = 4_000

export class PveTransport {
  private readonly pool: Pool

  constructor(
    private readonly connection: ResolvedConnection,
    private readonly logger?: Logger,
  ) {
    this.pool = new Pool(connection.origin, {
      connect: createConnector(connection, connection.fingerprint, connection.timeoutMs),
      connections: MAX_SOCKETS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      headersTimeout: connection.timeoutMs,
      bodyTimeout: connection.timeoutMs,
    })
  }

  async send(exchange: PveExchange): Promise<RawResponse> {
    const encoded = encodeParams(exchange.params)
    const inBody = exchange.method === 'POST' || exchange.method === 'PUT'
    const path = API_PREFIX + exchange.path + (!inBody && encoded ? `?${encoded}` : '')
    const headers: Record<string, string> = { accept: 'application/json', ...exchange.headers }
    if (inBody) headers['content-type'] = 'application/x-www-form-urlencoded'
    const timeout = AbortSignal.timeout(exchange.timeoutMs)
    const signal = exchange.signal ? AbortSignal.any([timeout, exchange.signal]) : timeout
    const started = Date.now()
    try {
      const response = await this.pool.request({ method: exchange.method, path, headers, body: inBody ? encoded : undefined, signal })
      const body = await response.body.text()
      this.logger?.debug({ pve: this.connection.endpoint, method: exchange.method, path: exchange.path, status: response.statusCode, ms: Date.now() - started }, 'pve call')
      return { status: response.statusCode, statusText: response.statusText, body }
    } catch (error) {
      if (exchange.signal?.aborted) throw exchange.signal.reason
      const write = exchange.method !== 'GET'
      const mapped = timeout.aborted
        ? timeoutError(this.connection, this.connection.timeoutMs, write)
        : networkError(error, this.connection, this.connection.timeoutMs, write)
      this.logger?.debug({ pve: this.connection.endpoint, method: exchange.method, path: exchange.path, error: mapped.code, ms: Date.now() - started }, 'pve call failed')
      throw mapped
    }
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
