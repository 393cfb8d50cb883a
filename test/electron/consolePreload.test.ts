// The preload's half of the console port hand-off: page request → IPC, port from main → page, and nothing else.
import { EventEmitter } from 'node:events'
import { MessageChannel } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { CONSOLE_ATTACH_CHANNEL, CONSOLE_PORT_CHANNEL } from '@shared/domain/console'
import { forwardConsolePorts } from '../../src-main/preload/consolePorts'

const TOKEN = 'T'.repeat(32)

/** Just enough of a page's window: message listeners, postMessage that records, an origin. */
function fakePage() {
  const listeners: Array<(event: unknown) => void> = []
  const posted: Array<{ message: unknown; targetOrigin: string; ports: unknown[] }> = []
  const page = {
    location: { origin: 'app://proxdesk' },
    addEventListener: (_type: string, listener: (event: unknown) => void) => listeners.push(listener),
    postMessage: (message: unknown, targetOrigin: string, ports: unknown[]) => posted.push({ message, targetOrigin, ports }),
  }
  return { page, posted, dispatch: (event: unknown) => listeners.forEach((listener) => listener(event)) }
}

function fakeIpcRenderer() {
  const sent: Array<{ channel: string; args: unknown[] }> = []
  return Object.assign(new EventEmitter(), { sent, send: (channel: string, ...args: unknown[]) => sent.push({ channel, args }) })
}

describe('preload console ports', () => {
  it('asks main for the port of a token only when our own page posts a well-formed request', () => {
    const { page, dispatch } = fakePage()
    const ipc = fakeIpcRenderer()
    forwardConsolePorts(page as never, ipc as never)
    dispatch({ source: {}, data: { type: 'proxdesk:console-attach', token: TOKEN } })
    dispatch({ source: page, data: { type: 'proxdesk:console-attach', token: 'x' } })
    dispatch({ source: page, data: { type: 'proxdesk:users.list', token: TOKEN } })
    expect(ipc.sent).toEqual([])
    dispatch({ source: page, data: { type: 'proxdesk:console-attach', token: TOKEN } })
    expect(ipc.sent).toEqual([{ channel: CONSOLE_ATTACH_CHANNEL, args: [TOKEN] }])
  })

  it('passes the port from main to the page, to its own origin', () => {
    const { page, posted } = fakePage()
    const ipc = fakeIpcRenderer()
    forwardConsolePorts(page as never, ipc as never)
    const { port1 } = new MessageChannel()
    ipc.emit(CONSOLE_PORT_CHANNEL, { ports: [port1] }, { token: TOKEN })
    ipc.emit(CONSOLE_PORT_CHANNEL, { ports: [] }, { token: TOKEN, error: 'the console expired or was already opened' })
    expect(posted).toEqual([
      { message: { type: 'proxdesk:console-port', token: TOKEN }, targetOrigin: 'app://proxdesk', ports: [port1] },
      { message: { type: 'proxdesk:console-port', token: TOKEN, error: 'the console expired or was already opened' }, targetOrigin: 'app://proxdesk', ports: [] },
    ])
    port1.close()
  })
})
