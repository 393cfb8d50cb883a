// Ticket (username/password) authentication. A PVE ticket lives 2 hours; we renew it after 1h45m by posting
// the current ticket as the password, fall back to a full login when renewal is refused, and log in again
// once when PVE answers 401 (expired or the signing key rotated). Logins are shared by concurrent calls.
import { AppError } from '@shared/errors'
import type { Clock } from '../clock'

export interface PveTicket {
  ticket: string
  csrfPreventionToken: string
  /** The user PVE authenticated, e.g. root@pam. */
  username: string
  clustername?: string
  /** Unix seconds, by our clock. */
  issuedAt: number
}

/** POST /access/ticket; returns the reply's data. */
export type RequestTicket = (username: string, password: string) => Promise<unknown>

export const TICKET_RENEW_AFTER_SECONDS = 105 * 60

function readTicket(data: unknown, issuedAt: number): PveTicket {
  const reply = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>
  if (reply.NeedTFA) throw new AppError('UPSTREAM_AUTH', 'this PVE user needs two-factor authentication, which proxdesk cannot answer; use an API token')
  if (typeof reply.ticket !== 'string' || typeof reply.CSRFPreventionToken !== 'string') {
    throw new AppError('UPSTREAM_ERROR', 'PVE answered the login without a ticket')
  }
  const ticket: PveTicket = {
    ticket: reply.ticket,
    csrfPreventionToken: reply.CSRFPreventionToken,
    username: typeof reply.username === 'string' ? reply.username : '',
    issuedAt,
  }
  if (typeof reply.clustername === 'string') ticket.clustername = reply.clustername
  return ticket
}

export class TicketSession {
  private ticket: PveTicket | null = null
  private pending: Promise<PveTicket> | null = null

  constructor(
    private readonly credentials: { username: string; password: string },
    private readonly requestTicket: RequestTicket,
    private readonly clock: Clock,
  ) {}

  /** A ticket young enough to use, logging in or renewing first when needed. */
  current(): Promise<PveTicket> {
    if (this.pending) return this.pending
    const ticket = this.ticket
    if (ticket && this.clock.now() - ticket.issuedAt < TICKET_RENEW_AFTER_SECONDS) return Promise.resolve(ticket)
    return this.share(ticket ? this.renew(ticket) : this.passwordLogin())
  }

  /** A fresh login with the password, replacing whatever ticket we held. */
  login(): Promise<PveTicket> {
    return this.pending ?? this.share(this.passwordLogin())
  }

  /** After PVE refused `rejected`: log in again, unless a concurrent call already replaced it. */
  replace(rejected: PveTicket): Promise<PveTicket> {
    if (this.pending) return this.pending
    if (this.ticket && this.ticket !== rejected) return Promise.resolve(this.ticket)
    return this.login()
  }

  private share(work: Promise<PveTicket>): Promise<PveTicket> {
    const pending = work.then(
      (ticket) => {
        this.ticket = ticket
        return ticket
      },
      (error: unknown) => {
        this.ticket = null
        throw error
      },
    )
    this.pending = pending.finally(() => {
      this.pending = null
    })
    return this.pending
  }

  private async passwordLogin(): Promise<PveTicket> {
    const issuedAt = this.clock.now()
    return readTicket(await this.requestTicket(this.credentials.username, this.credentials.password), issuedAt)
  }

  private async renew(ticket: PveTicket): Promise<PveTicket> {
    const issuedAt = this.clock.now()
    try {
      return readTicket(await this.requestTicket(this.credentials.username, ticket.ticket), issuedAt)
    } catch (error) {
      if (error instanceof AppError && error.code === 'UPSTREAM_AUTH') return this.passwordLogin()
      throw error
    }
  }
}
