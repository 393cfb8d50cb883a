// One PVE connection as the client needs it, and its check: where to connect, how to authenticate, which
// certificate to trust. Secrets arrive here decrypted from the secret store and go no further than pveHttp.
import { AppError } from '@shared/errors'
import { normalizeFingerprint } from '../tls/fingerprint'

export interface PveConnectionConfig {
  /** https://host:8006 (a trailing /api2/json is tolerated). */
  baseUrl: string
  /** user@realm!tokenid */
  tokenId?: string
  tokenSecret?: string
  /** user@realm, for ticket login (the embedded console needs a ticket; tokens cannot get one). */
  username?: string
  password?: string
  /** 'AB:CD:…' SHA-256 of the pinned certificate, PVE's format; null/undefined = trust the system CAs. */
  fingerprint?: string | null
  /** Budget for one API call including its retries. */
  timeoutMs?: number
}

export const DEFAULT_TIMEOUT_MS = 15_000

export type PveCredentials =
  | { kind: 'token'; tokenId: string; tokenSecret: string }
  | { kind: 'ticket'; username: string; password: string }

export interface ResolvedConnection {
  /** 'PVE', for error messages. */
  system: string
  /** https://host:port, without path. */
  origin: string
  /** host:port, the name used in error messages. */
  endpoint: string
  hostname: string
  port: number
  /** API tokens win for API calls when both are configured; the password stays available for login(). */
  credentials: PveCredentials
  login: { username: string; password: string } | null
  fingerprint: string | null
  timeoutMs: number
}

function invalid(field: keyof PveConnectionConfig, problem: string): AppError {
  return new AppError('VALIDATION', `PVE connection ${field}: ${problem}`, { fields: { [field]: problem } })
}

export function parseBaseUrl(baseUrl: string): { system: string; origin: string; endpoint: string; hostname: string; port: number } {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw invalid('baseUrl', 'not a URL')
  }
  if (url.protocol !== 'https:') throw invalid('baseUrl', 'must start with https://')
  if (url.username || url.password) throw invalid('baseUrl', 'must not carry credentials')
  if (!/^\/?(api2\/json\/?)?$/.test(url.pathname) || url.search || url.hash) throw invalid('baseUrl', 'must be https://host:port without a path')
  const port = url.port ? Number(url.port) : 443
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return { system: 'PVE', origin: url.origin, endpoint: url.host, hostname, port }
}

export function resolveConnection(config: PveConnectionConfig): ResolvedConnection {
  const target = parseBaseUrl(config.baseUrl)
  const login = config.username && config.password ? { username: config.username, password: config.password } : null
  let credentials: PveCredentials
  if (config.tokenId || config.tokenSecret) {
    if (!config.tokenId || !/^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]+$/.test(config.tokenId)) throw invalid('tokenId', 'must look like user@realm!tokenid')
    if (!config.tokenSecret) throw invalid('tokenSecret', 'required with tokenId')
    credentials = { kind: 'token', tokenId: config.tokenId, tokenSecret: config.tokenSecret }
  } else if (login) {
    credentials = { kind: 'ticket', ...login }
  } else {
    throw invalid('tokenId', 'give an API token, or a username and password')
  }
  let fingerprint: string | null = null
  if (config.fingerprint) {
    fingerprint = normalizeFingerprint(config.fingerprint)
    if (!fingerprint) throw invalid('fingerprint', 'must be a SHA-256 fingerprint (64 hex digits)')
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!(timeoutMs > 0)) throw invalid('timeoutMs', 'must be positive')
  return { ...target, credentials, login, fingerprint, timeoutMs }
}
