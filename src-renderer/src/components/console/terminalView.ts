// xterm.js speaking PVE's termproxy protocol (main has already sent the login line): input as `0:LEN:DATA`, the
// size as `1:COLS:ROWS:` whenever the element's size changes, and `2` every 30 s to keep the socket alive.
import { Terminal } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import '@xterm/xterm/css/xterm.css'
import { TERMPROXY_KEEPALIVE, TERMPROXY_KEEPALIVE_MS, termproxyInput, termproxyResize } from '@shared/domain/console'
import { isOpen, type ConsoleChannel } from './consoleChannel'

export interface ConsoleView {
  /** Types text as if from the keyboard. */
  paste(text: string): void
  dispose(): void
}

export interface ConsoleEvents {
  connected(): void
  /** `reason` is empty when nothing more specific is known. */
  closed(reason: string): void
}

export function startTerminal(element: HTMLElement, channel: ConsoleChannel, events: ConsoleEvents): ConsoleView {
  const terminal = new Terminal({ cursorBlink: true, fontSize: 14, fontFamily: 'ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace', scrollback: 5000 })
  const fit = new FitAddon()
  terminal.loadAddon(fit)
  terminal.open(element)
  const decoder = new TextDecoder()

  const send = (message: string) => {
    if (isOpen(channel)) channel.send(message)
  }
  const sendSize = () => send(termproxyResize(terminal.cols, terminal.rows))
  const refit = () => {
    if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit()
  }

  channel.onmessage = (event) => terminal.write(typeof event.data === 'string' ? event.data : decoder.decode(event.data, { stream: true }))
  channel.onopen = () => {
    sendSize()
    events.connected()
  }
  channel.onclose = (event) => events.closed(event.reason)
  const subscriptions = [terminal.onData((data) => send(termproxyInput(data))), terminal.onResize(() => sendSize())]
  const observer = new ResizeObserver(() => refit())
  observer.observe(element)
  const keepAlive = setInterval(() => send(TERMPROXY_KEEPALIVE), TERMPROXY_KEEPALIVE_MS)
  refit()
  if (isOpen(channel)) {
    sendSize()
    events.connected()
  }
  terminal.focus()

  return {
    paste: (text) => send(termproxyInput(text)),
    dispose() {
      clearInterval(keepAlive)
      observer.disconnect()
      subscriptions.forEach((subscription) => subscription.dispose())
      channel.onmessage = null
      channel.onclose = null
      channel.close()
      terminal.dispose()
    },
  }
}
