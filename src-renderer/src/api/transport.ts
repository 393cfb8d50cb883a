import type { InputOf, OperationName, OutputOf } from '@shared/contract/index'
import type { Result } from '@shared/errors'

/** Carries one contract operation to the core and brings back its Result; errors are data, never rejections. */
export type Transport = <N extends OperationName>(name: N, input: InputOf<N>) => Promise<Result<OutputOf<N>>>
export type TransportKind = 'ipc' | 'http'
