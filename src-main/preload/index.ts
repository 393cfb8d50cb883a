// The whole bridge: invoke a contract operation, listen to a contract event. No raw ipcRenderer, no Node APIs, and
// only names from the contract: anything else is refused here, before it reaches main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { BRIDGE_NAME, type ProxdeskBridge } from '@shared/contract/bridge'
import { EVENT_NAMES, type EventName, type EventPayload } from '@shared/contract/events'
import { OPERATION_NAMES, type InputOf, type OperationName, type OutputOf } from '@shared/contract/index'
import { eventChannel, ipcChannel } from '@shared/contract/ipc'
import type { Result } from '@shared/errors'
import { forwardConsolePorts } from './consolePorts'

const operations: ReadonlySet<string> = new Set(OPERATION_NAMES)
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES)

function invoke<N extends OperationName>(operation: N, input: InputOf<N>): Promise<Result<OutputOf<N>>> {
  if (!operations.has(operation)) {
    return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `${String(operation)} is not a proxdesk operation` } })
  }
  return ipcRenderer.invoke(ipcChannel(operation), input) as Promise<Result<OutputOf<N>>>
}

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  if (!eventNames.has(event)) throw new Error(`${String(event)} is not a proxdesk event`)
  const channel = eventChannel(event)
  // The page gets the payload only: the IpcRendererEvent carries `sender`, which is ipcRenderer itself.
  const forward = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload)
  ipcRenderer.on(channel, forward)
  return () => {
    ipcRenderer.removeListener(channel, forward)
  }
}

const bridge: ProxdeskBridge = { invoke, on }
contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge)
// Stand-in tests load the preload without a page.
if (typeof window !== 'undefined') forwardConsolePorts(window, ipcRenderer)
