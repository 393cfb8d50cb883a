import { expect } from 'vitest'
import { contract, type OperationName } from '../../src-shared/contract/index'
import { HTTP_STATUS_BY_CODE } from '../../src-shared/errors'
import type { ApiResponse } from '../helpers/testApi'

/** A refusal the contract documents for this operation (or VALIDATION, which any may answer), never INTERNAL. */
export function expectDocumentedError(operation: OperationName, response: ApiResponse): void {
  const code = response.json?.error?.code
  expect([...contract[operation].errors, 'VALIDATION'], `${operation} answered ${response.status} ${response.body}`).toContain(code)
  expect(response.status).toBe(HTTP_STATUS_BY_CODE[code as keyof typeof HTTP_STATUS_BY_CODE])
}

/** Success, or a documented refusal. */
export function expectSuccessOrDocumentedError(operation: OperationName, response: ApiResponse): void {
  if (response.status < 300) return
  expectDocumentedError(operation, response)
}
