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
