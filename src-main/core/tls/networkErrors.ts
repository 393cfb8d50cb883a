// Failures below HTTP (connect, TLS, socket, timeout) turned into our error codes. The messages name the
// upstream system and endpoint and the system's error code only: nothing from the request (headers, body) can
// end up in them.
import { AppError } from '@shared/errors'

/** The remote system as error messages name it. */
export interface Upstream {
  /** 'PVE', 'iKuai' */
  system: string
  /** host:port */
  endpoint: string
}

/** OpenSSL verification failures as Node reports them in `error.code`. */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

const TIMEOUT_ERRORS = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

/** Failures before a connection existed: the request cannot have reached the upstream. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  return errorCode((error as { cause?: unknown }).cause)
}

export function isCertificateError(error: unknown): boolean {
  const code = errorCode(error)
  return code !== undefined && CERTIFICATE_ERRORS.has(code)
}

export const UNKNOWN_OUTCOME = '; the change may or may not have been made, check before repeating it'

/** `write` marks calls that may have reached the upstream: the admin must check before trying again. */
export function timeoutError(upstream: Upstream, timeoutMs: number, write = false): AppError {
  return new AppError('UPSTREAM_TIMEOUT', `${upstream.system} at ${upstream.endpoint} did not answer within ${timeoutMs} ms${write ? UNKNOWN_OUTCOME : ''}`)
}

export function networkError(error: unknown, upstream: Upstream, timeoutMs: number, write = false): AppError {
  if (error instanceof AppError) return error
  const code = errorCode(error) ?? 'network error'
  if (CERTIFICATE_ERRORS.has(code)) {
    return new AppError(
      'CERTIFICATE_MISMATCH',
      `the certificate of ${upstream.endpoint} is not trusted (${code}); test the connection to see its fingerprint and pin it`,
    )
  }
  const maybeDone = write && !NEVER_SENT.has(code)
  if (TIMEOUT_ERRORS.has(code)) return timeoutError(upstream, timeoutMs, maybeDone)
  return new AppError('UPSTREAM_UNREACHABLE', `could not reach ${upstream.system} at ${upstream.endpoint} (${code})${maybeDone ? UNKNOWN_OUTCOME : ''}`)
}
