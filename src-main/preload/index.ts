// The whole bridge: invoke a contract operation by name. No raw ipcRenderer, no Node APIs.
import { contextBridge, ipcRenderer } from 'electron'
import { ipcChannel } from '@shared/contract/ipc'

contextBridge.exposeInMainWorld('proxdesk', {
  invoke: (operation: string, input: unknown): Promise<unknown> => {
    if (typeof operation !== 'string' || !/^[a-zA-Z]+\.[a-zA-Z]+$/.test(operation)) {
      return Promise.reject(new Error('not a proxdesk operation name'))
    }
    return ipcRenderer.invoke(ipcChannel(operation), input)
  },
})
