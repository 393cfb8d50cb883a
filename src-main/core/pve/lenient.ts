// PVE's Perl backend does not enforce JSON types on output: numbers arrive as strings ("100" from
// /cluster/nextid), booleans as 0/1, absent values sometimes as null. These readers accept all of those and
// still refuse values that mean something else, so a real change in PVE's answers is noticed.
import { z } from 'zod'
import { AppError } from '@shared/errors'

const asNumber = (value: unknown) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value)

const asBoolean = (value: unknown) => {
  if (value === 1 || value === '1' || value === 'true') return true
  if (value === 0 || value === '0' || value === 'false' || value === '') return false
  return value
}

const asString = (value: unknown) => (typeof value === 'number' ? String(value) : value)

export const num = z.preprocess(asNumber, z.number())
export const bool = z.preprocess(asBoolean, z.boolean())
export const str = z.preprocess(asString, z.string())

/** Optional, with null read as absent. */
export function opt<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional())
}

/** Data in the shape the schema describes, or UPSTREAM_ERROR naming the call and the first odd field. */
export function readAs<T>(schema: z.ZodType<T>, data: unknown, call: string): T {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'reply'
  throw new AppError('UPSTREAM_ERROR', `PVE answered ${call} with an unexpected shape (${where}: ${issue?.message ?? 'invalid'})`)
}
