import { AppError } from '@shared/errors'

/** Turns a UNIQUE violation into a 409 naming the field; anything else is rethrown. */
export function rethrowUnique(error: unknown, field: string, message: string): never {
  const code = (error as { code?: string }).code
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    throw new AppError('CONFLICT', message, { fields: { [field]: message } })
  }
  throw error
}
