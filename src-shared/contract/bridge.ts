// What the preload exposes as `window.proxdesk`: the renderer's only way into main.
import type { Result } from '../errors'
import type { EventName, EventPayload } from './events'
import type { InputOf, OperationName, OutputOf } from './index'

export interface ProxdeskBridge {
  /** Calls a contract operation; errors arrive as `{ ok: false, error }`, never as a rejection. */
  invoke<N extends OperationName>(operation: N, input: InputOf<N>): Promise<Result<OutputOf<N>>>
  /** Listens to a main-process event; call the returned function to stop. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** The name the bridge is exposed under in the renderer's main world. */
export const BRIDGE_NAME = 'proxdesk'
