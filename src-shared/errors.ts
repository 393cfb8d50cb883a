// Error codes shared by every transport. Core throws AppError; IPC and REST carry it as data.
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'THROTTLED',
  'POOL_EXHAUSTED',
  'UPSTREAM_ERROR',
  'UPSTREAM_AUTH',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_TIMEOUT',
  'CERTIFICATE_MISMATCH',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  THROTTLED: 429,
  /** No free IP, port or VMID left in a pool. */
  POOL_EXHAUSTED: 409,
  /** A remote system (PVE, iKuai) answered with an error of its own. */
  UPSTREAM_ERROR: 502,
  /** A remote system refused our connection's credentials or permissions. */
  UPSTREAM_AUTH: 502,
  /** A remote system could not be reached (refused, reset, DNS). */
  UPSTREAM_UNREACHABLE: 503,
  UPSTREAM_TIMEOUT: 504,
  /** A remote system's TLS certificate is not the pinned one. */
  CERTIFICATE_MISMATCH: 502,
  INTERNAL: 500,
}

/** Field path (dot-joined) -> human readable problem. */
export type FieldErrors = Record<string, string>

export interface ErrorData {
  code: ErrorCode
  message: string
  fields?: FieldErrors
  retry_after_seconds?: number
}

/** What a caller learns of an unexpected failure: nothing of it; the details go to the server log. */
export const INTERNAL_ERROR: ErrorData = Object.freeze({ code: 'INTERNAL', message: 'internal error; see the server log' })

export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: FieldErrors
  readonly retryAfterSeconds?: number

  constructor(code: ErrorCode, message: string, options: { fields?: FieldErrors; retryAfterSeconds?: number } = {}) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.fields = options.fields
    this.retryAfterSeconds = options.retryAfterSeconds
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message }
    if (this.fields) data.fields = this.fields
    if (this.retryAfterSeconds !== undefined) data.retry_after_seconds = this.retryAfterSeconds
    return data
  }

  static fromData(data: ErrorData): AppError {
    return new AppError(data.code, data.message, { fields: data.fields, retryAfterSeconds: data.retry_after_seconds })
  }
}

export function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION', `${field}: ${message}`, { fields: { [field]: message } })
}

/** What every transport returns: errors travel as data, never as rejected promises. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorData }
