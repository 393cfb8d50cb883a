// Authentication as pve-http-server (AnyEvent.pm) and pve-manager's HTTPServer.pm `auth_handler` do it:
// a PVEAuthCookie ticket (cookie, or `Authorization: PVEAuthCookie=...`) wins over an API token; tickets live two
// hours and need a CSRFPreventionToken on every non-GET request; API tokens need none.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { PveError } from './errors'
import { REALM_RE, USER_RE } from './schema/formats'
import type { Clock, FakePveState, FakeUser } from './state'

/** A failed login check; pveproxy answers 401 with the message as reason phrase and no body. */
export class AuthFailure extends Error {}

export interface Identity {
  /** The user id, or the full token id for token requests (what PVE calls the auth id). */
  authid: string
  userid: string
  tokenName?: string
}

export interface RequestAuth {
  identity?: Identity
  /** An API token header was sent; endpoints with allowtoken=0 refuse the request even when it was not checked. */
  usedApiToken: boolean
}

const TICKET_LIFETIME_SECONDS = 2 * 3600
const CLOCK_SKEW_GRACE_SECONDS = 5 * 60

const UNAUTHENTICATED_ENDPOINTS = new Set([
  'GET /access/domains',
  'GET /access/ticket',
  'POST /access/ticket',
  'POST /access/vncticket',
  'POST /access/openid/login',
  'POST /access/openid/auth-url',
])

const TOKEN_ID_RE = new RegExp(`^((${USER_RE})@(${REALM_RE}))!(${REALM_RE})$`)
const USER_ID_RE = new RegExp(`^(${USER_RE})@(${REALM_RE})$`)

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0')
}

/** PVE::APIServer::Formatter::extract_auth_value */
function extractAuthValue(header: string | undefined, key: string): string | undefined {
  if (!header) return undefined
  const match = new RegExp(`(?:^|\\s)${key}(?:=| )([^;]*)`).exec(header)
  if (!match?.[1]) return undefined
  try {
    return decodeURIComponent(match[1])
  } catch {
    return match[1]
  }
}

export function splitTokenId(tokenid: string): { userid: string; tokenName: string } | undefined {
  const match = TOKEN_ID_RE.exec(tokenid)
  return match ? { userid: match[1]!, tokenName: match[4]! } : undefined
}

export class Authenticator {
  private readonly signingKey = randomBytes(32)

  constructor(
    private readonly state: FakePveState,
    private readonly clock: Clock,
  ) {}

  private seconds(): number {
    return Math.floor(this.clock() / 1000)
  }

  private sign(text: string): string {
    return createHmac('sha256', this.signingKey).update(text).digest('base64')
  }

  /** `PVE:<userid>:<hex timestamp>::<signature>` like PVE::Ticket::assemble_rsa_ticket. */
  createTicket(userid: string): string {
    const plain = `PVE:${userid}:${hex8(this.seconds())}`
    return `${plain}::${this.sign(plain)}`
  }

  createCsrfToken(userid: string): string {
    const timestamp = hex8(this.seconds())
    return `${timestamp}:${this.sign(`${timestamp}:${userid}`).replace(/=+$/, '')}`
  }

  /** The user a ticket belongs to, or undefined when it is forged, malformed or outside its lifetime. */
  ticketUser(ticket: string): string | undefined {
    const match = /^(PVE:(\S+):([A-Z0-9]{8}))::([^:\s]+)$/.exec(ticket)
    if (!match || !this.signatureMatches(match[4]!, this.sign(match[1]!))) return undefined
    const age = this.seconds() - parseInt(match[3]!, 16)
    if (age <= -CLOCK_SKEW_GRACE_SECONDS || age >= TICKET_LIFETIME_SECONDS) return undefined
    return USER_ID_RE.test(match[2]!) ? match[2] : undefined
  }

  private csrfTokenValid(userid: string, token: string | undefined): boolean {
    const match = token ? /^([A-Z0-9]{8}):(\S+)$/.exec(token) : null
    if (!match) return false
    const age = this.seconds() - parseInt(match[1]!, 16)
    const expected = this.sign(`${match[1]}:${userid}`).replace(/=+$/, '')
    return this.signatureMatches(match[2]!, expected) && age > -CLOCK_SKEW_GRACE_SECONDS && age < TICKET_LIFETIME_SECONDS
  }

  private signatureMatches(given: string, expected: string): boolean {
    const a = Buffer.from(given)
    const b = Buffer.from(expected)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /** PVE::AccessControl::check_user_enabled, with its `die` texts. */
  enabledUser(userid: string): FakeUser {
    const user = this.state.users.get(userid)
    if (!user) throw new AuthFailure(`no such user ('${userid}')`)
    if (!user.enable) throw new AuthFailure(`user '${userid}' is disabled`)
    if (user.expire && user.expire < this.seconds()) throw new AuthFailure(`user '${userid}' access expired`)
    return user
  }

  /** PVE::AccessControl::verify_token */
  private verifyApiToken(value: string): Identity {
    const parts = /^(.*)=(.*)$/.exec(value)
    if (!parts) throw new AuthFailure('no tokenid specified')
    const tokenid = parts[1]!
    const split = splitTokenId(tokenid)
    if (!split) throw new AuthFailure(`'${tokenid}' is not a valid token ID - not able to split into user and token parts`)
    const user = this.enabledUser(split.userid)
    const token = user.tokens.get(split.tokenName)
    if (!token) throw new AuthFailure(`no such token '${split.tokenName}' for user '${split.userid}'`)
    if (token.expire && token.expire < this.seconds()) throw new AuthFailure(`token '${split.tokenName}' access expired`)
    if (!this.signatureMatches(parts[2]!, token.secret)) throw new AuthFailure('invalid token value!')
    return { authid: tokenid, userid: split.userid, tokenName: split.tokenName }
  }

  /** Throws AuthFailure or a 401 PveError (invalid ticket, invalid CSRF token) like auth_handler does. */
  authenticate(headers: IncomingHttpHeaders, method: string, relativePath: string): RequestAuth {
    const authorization = headers.authorization
    const ticket =
      extractAuthValue(headers.cookie, 'PVEAuthCookie') ?? extractAuthValue(authorization, 'PVEAuthCookie')
    const apiToken = ticket === undefined ? extractAuthValue(authorization, 'PVEAPIToken') : undefined
    const usedApiToken = apiToken !== undefined
    if (UNAUTHENTICATED_ENDPOINTS.has(`${method} ${relativePath.replace(/\/+$/, '')}`)) return { usedApiToken }
    if (apiToken !== undefined) return { identity: this.verifyApiToken(apiToken), usedApiToken }
    if (ticket === undefined) throw new AuthFailure('No ticket')
    const userid = this.ticketUser(ticket)
    if (!userid) throw new PveError(401, 'permission denied - invalid PVE ticket\n')
    this.enabledUser(userid)
    if (method !== 'GET') {
      const csrf = headers.csrfpreventiontoken
      if (!this.csrfTokenValid(userid, Array.isArray(csrf) ? csrf[0] : csrf)) {
        throw new PveError(401, 'Permission denied - invalid csrf token\n')
      }
    }
    return { identity: { authid: userid, userid }, usedApiToken }
  }
}
