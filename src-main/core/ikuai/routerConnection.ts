// One iKuai router as the client needs it, and its check: where to connect, which account, which certificate
// to trust. The password arrives here decrypted from the secret store and goes no further than the login form.
import { AppError } from '@shared/errors'
import { normalizeFingerprint } from '../tls/fingerprint'
import type { TlsTarget } from '../tls/probeCertificate'

export interface IkuaiRouterConfig {
  /** http(s)://host[:port] */
  baseUrl: string
  username: string
  password: string
  /** 'AB:CD:…' SHA-256 pin for https with a self-signed certificate; null/undefined = trust the system CAs. */
  fingerprint?: string | null
  /** Budget for each request to the router. */
  timeoutMs?: number
}

export const DEFAULT_TIMEOUT_MS = 10_000

export interface RouterTarget extends TlsTarget {
  /** http(s)://host:port, without path. */
  origin: string
  https: boolean
}

export interface ResolvedRouter extends RouterTarget {
  username: string
  password: string
  fingerprint: string | null
  timeoutMs: number
}

function invalid(field: keyof IkuaiRouterConfig, problem: string): AppError {
  return new AppError('VALIDATION', `iKuai router ${field}: ${problem}`, { fields: { [field]: problem } })
}

export function parseRouterUrl(baseUrl: string): RouterTarget {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw invalid('baseUrl', 'not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('baseUrl', 'must start with http:// or https://')
  if (url.username || url.password) throw invalid('baseUrl', 'must not carry credentials')
  if (url.pathname !== '/' || url.search || url.hash) throw invalid('baseUrl', 'must be http(s)://host[:port] without a path')
  const https = url.protocol === 'https:'
  const port = url.port ? Number(url.port) : https ? 443 : 80
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return { system: 'iKuai', origin: url.origin, endpoint: url.host, hostname, port, https }
}

export function resolveRouter(config: IkuaiRouterConfig): ResolvedRouter {
  const target = parseRouterUrl(config.baseUrl)
  if (!config.username) throw invalid('username', 'required')
  if (!config.password) throw invalid('password', 'required')
  let fingerprint: string | null = null
  if (config.fingerprint) {
    if (!target.https) throw invalid('fingerprint', 'only applies to an https:// address')
    fingerprint = normalizeFingerprint(config.fingerprint)
    if (!fingerprint) throw invalid('fingerprint', 'must be a SHA-256 fingerprint (64 hex digits)')
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!(timeoutMs > 0)) throw invalid('timeoutMs', 'must be positive')
  return { ...target, username: config.username, password: config.password, fingerprint, timeoutMs }
}
