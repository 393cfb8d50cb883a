import type { Result } from '@shared/errors'
import type { Transport } from './transport'

/** What the preload exposes as `window.proxdesk`. */
export interface ProxdeskBridge {
  invoke(operation: string, input: unknown): Promise<unknown>
}

declare global {
  interface Window {
    proxdesk?: ProxdeskBridge
  }
}

export function ipcTransport(bridge: ProxdeskBridge): Transport {
  return async (name, input) => {
    try {
      return (await bridge.invoke(name, input)) as Result<never>
    } catch (error) {
      // Only a refused operation name or a torn-down window rejects; the main process answers everything else as data.
      return { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } }
    }
  }
}
