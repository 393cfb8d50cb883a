import type { InjectionKey } from 'vue'
import { inject } from 'vue'
import type { InputOf, OperationName, OutputOf } from '@shared/contract/index'
import { AppError } from '@shared/errors'
import type { Transport, TransportKind } from './transport'

export interface ApiClient {
  readonly kind: TransportKind
  /** Resolves with the operation's output or throws the AppError the core answered, `fields` included. */
  call<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>
}

export function createApiClient(kind: TransportKind, transport: Transport, onUnauthenticated: () => void = () => {}): ApiClient {
  return {
    kind,
    async call(name, input) {
      const result = await transport(name, input)
      if (result.ok) return result.data
      if (result.error.code === 'UNAUTHENTICATED' && name !== 'auth.login') onUnauthenticated()
      throw AppError.fromData(result.error)
    },
  }
}

export const API_KEY: InjectionKey<ApiClient> = Symbol('proxdesk api')

export function useApi(): ApiClient {
  const api = inject(API_KEY)
  if (!api) throw new Error('the API client is not provided')
  return api
}
