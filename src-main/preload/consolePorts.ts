// The console's MessagePort hand-off, Electron's documented pattern for context isolation: ports cannot cross the
// context bridge, so the page asks with window.postMessage and receives the port the same way.
import type { IpcRenderer, IpcRendererEvent } from 'electron'
import { CONSOLE_ATTACH_CHANNEL, CONSOLE_PORT_CHANNEL, CONSOLE_PORT_MESSAGE, isConsoleAttachMessage, type ConsolePortMessage } from '@shared/domain/console'

export function forwardConsolePorts(page: Window, ipcRenderer: IpcRenderer): void {
  page.addEventListener('message', (event: MessageEvent) => {
    // Only our own page's requests, with nothing but a token in them.
    if (event.source !== page || !isConsoleAttachMessage(event.data)) return
    ipcRenderer.send(CONSOLE_ATTACH_CHANNEL, event.data.token)
  })
  ipcRenderer.on(CONSOLE_PORT_CHANNEL, (event: IpcRendererEvent, reply: { token: string; error?: string }) => {
    const message: ConsolePortMessage = { type: CONSOLE_PORT_MESSAGE, token: reply.token }
    if (reply.error) message.error = reply.error
    page.postMessage(message, page.location.origin, [...event.ports])
  })
}
