import type { z } from 'zod'
import type { ErrorCode } from '../errors'

/** Who may call an operation. `public` ones authenticate by a secret in their input (node key, sub token) or not at all. */
export type Access = 'public' | 'user' | 'admin'

/** The ways a call reaches the dispatcher: the desktop window over IPC, or REST. */
export type Transport = 'ipc' | 'http'

export interface HttpBinding {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path with `{param}` placeholders; each placeholder is a field of the input. */
  path: string
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 204
  /** The output is a RawDocument sent with its own content type instead of JSON. */
  raw?: boolean
}

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string
  access: Access
  input: I
  output: O
  /** Codes this operation can answer besides VALIDATION and INTERNAL, which any operation can. */
  errors: readonly ErrorCode[]
  http: HttpBinding
  /** The transports that may carry it; every one when absent. Others answer FORBIDDEN. */
  transports?: readonly Transport[]
}

export function defineOperation<I extends z.ZodType, O extends z.ZodType>(operation: Operation<I, O>): Operation<I, O> {
  return operation
}

export function isCarriedBy(operation: Operation, transport: Transport): boolean {
  return operation.transports?.includes(transport) ?? true
}
