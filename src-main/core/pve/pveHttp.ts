// The request core every PVE call goes through: authentication (API token, or ticket + CSRF token), one
// time budget per call, retries for reads only, and PVE's replies turned into data or AppErrors.
// Writes are never repeated after a failure that may have reached PVE: a second POST could create a second
// container. The one exception is a 401, which PVE answers before running anything.
import { setTimeout as sleep } from 'node:timers/promises'
import { AppError } from '@shared/errors'
import { systemClock, type Clock } from '../clock'
import type { Logger } from '../logger'
import { timeoutError } from '../tls/networkErrors'
import type { ResolvedConnection } from './pveConnection'
import { readReply, type PveEnvelope, type RawResponse } from './pveReply'
import { PveTransport, type PveMethod } from './pveTransport'
import { displayPath, type PveParams } from './requestEncoding'
import { TicketSession, type PveTicket } from './ticketSession'

export interface PveHttpOptions {
  logger?: Logger
  clock?: Clock
  /** First retry delay for reads; doubled for each further try. */
  retryBaseDelayMs?: number
}

export interface CallOptions {
  signal?: AbortSignal
}

const READ_TRIES = 3
const DEFAULT_RETRY_BASE_DELAY_MS = 200
/** Gateway troubles worth another read: pveproxy restarting (502/503) or a cluster node unreachable (595-599). */
const RETRY_STATUSES = new Set([502, 503, 595, 596, 597, 598, 599])

export class PveHttp {
  private readonly transport: PveTransport
  private readonly tickets: TicketSession | null
  private readonly logger?: Logger
  private readonly retryBaseDelayMs: number

  constructor(
    private readonly connection: ResolvedConnection,
    options: PveHttpOptions = {},
  ) {
    this.logger = options.logger
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS
    this.transport = new PveTransport(connection, options.logger)
    this.tickets = connection.login ? new TicketSession(connection.login, (username, password) => this.requestTicket(username, password), options.clock ?? systemClock) : null
  }

  async get(path: string, params?: PveParams, options?: CallOptions): Promise<unknown> {
    return (await this.call('GET', path, params, options)).data
  }

  async post(path: string, params?: PveParams, options?: CallOptions): Promise<unknown> {
    return (await this.call('POST', path, params, options)).data
  }

  async put(path: string, params?: PveParams, options?: CallOptions): Promise<unknown> {
    return (await this.call('PUT', path, params, options)).data
  }

  async delete(path: string, params?: PveParams, options?: CallOptions): Promise<unknown> {
    return (await this.call('DELETE', path, params, options)).data
  }

  /** The whole envelope, for lists whose `total` matters (task logs). */
  getEnvelope(path: string, params?: PveParams, options?: CallOptions): Promise<PveEnvelope> {
    return this.call('GET', path, params, options)
  }

  /** A fresh ticket from username and password, e.g. for the PVE console cookie. */
  async login(): Promise<PveTicket> {
    if (!this.tickets) throw new AppError('VALIDATION', 'this PVE connection has no username and password for a ticket login', { fields: { username: 'required for ticket login' } })
    return this.tickets.login()
  }

  close(): Promise<void> {
    return this.transport.close()
  }

  private async call(method: PveMethod, path: string, params: PveParams | undefined, options: CallOptions = {}): Promise<PveEnvelope> {
    const description = { method, path: displayPath(path), endpoint: this.connection.endpoint }
    const deadline = Date.now() + this.connection.timeoutMs
    for (let attempt = 1; ; attempt++) {
      let raw: RawResponse
      try {
        raw = await this.sendAuthenticated(method, path, params, deadline, options.signal)
      } catch (error) {
        const retryable = error instanceof AppError && (error.code === 'UPSTREAM_UNREACHABLE' || error.code === 'UPSTREAM_TIMEOUT')
        if (method === 'GET' && retryable && (await this.backOff(attempt, deadline, description, error.code, options.signal))) continue
        throw error
      }
      if (method === 'GET' && RETRY_STATUSES.has(raw.status) && (await this.backOff(attempt, deadline, description, raw.status, options.signal))) continue
      return readReply(description, raw)
    }
  }

  /** Waits before the next read attempt; false when tries or time are used up. */
  private async backOff(attempt: number, deadline: number, call: { method: string; path: string }, reason: string | number, signal?: AbortSignal): Promise<boolean> {
    const delay = this.retryBaseDelayMs * 2 ** (attempt - 1)
    if (attempt >= READ_TRIES || Date.now() + delay >= deadline) return false
    this.logger?.warn({ pve: this.connection.endpoint, method: call.method, path: call.path, attempt, reason, delayMs: delay }, 'pve read failed, retrying')
    await sleep(delay, undefined, { signal })
    return true
  }

  private async sendAuthenticated(method: PveMethod, path: string, params: PveParams | undefined, deadline: number, signal?: AbortSignal): Promise<RawResponse> {
    const send = (headers: Record<string, string>) => {
      const timeoutMs = deadline - Date.now()
      if (timeoutMs <= 0) throw timeoutError(this.connection, this.connection.timeoutMs, method !== 'GET')
      return this.transport.send({ method, path, params, headers, timeoutMs, signal })
    }
    const credentials = this.connection.credentials
    if (credentials.kind === 'token') return send({ authorization: `PVEAPIToken=${credentials.tokenId}=${credentials.tokenSecret}` })
    const tickets = this.tickets!
    const ticket = await tickets.current()
    const raw = await send(this.ticketHeaders(method, ticket))
    if (raw.status !== 401) return raw
    return send(this.ticketHeaders(method, await tickets.replace(ticket)))
  }

  private ticketHeaders(method: PveMethod, ticket: PveTicket): Record<string, string> {
    const headers: Record<string, string> = { cookie: `PVEAuthCookie=${encodeURIComponent(ticket.ticket)}` }
    if (method !== 'GET') headers.CSRFPreventionToken = ticket.csrfPreventionToken
    return headers
  }

  /** POST /access/ticket. The password (or the ticket being renewed) travels in the body only. */
  private async requestTicket(username: string, password: string): Promise<unknown> {
    const path = '/access/ticket'
    const raw = await this.transport.send({ method: 'POST', path, params: { username, password }, timeoutMs: this.connection.timeoutMs })
    return readReply({ method: 'POST', path, endpoint: this.connection.endpoint }, raw).data
  }
}
