import type { z } from 'zod'
import { AppError, type FieldErrors } from '@shared/errors'

/** One message per field path, so forms and API clients can point at what is wrong. */
export function validationError(error: z.ZodError): AppError {
  const fields: FieldErrors = {}
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[base ? `${base}.${key}` : key] ??= 'unknown field'
      continue
    }
    const field = base || 'input'
    fields[field] ??= issue.message
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ')
  return new AppError('VALIDATION', `invalid input (${summary})`, { fields })
}
