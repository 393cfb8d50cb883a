// noVNC on the console channel, scaled to the element, with PVE's VNC password (ephemeral, bound to this console).
import RFB from '@novnc/novnc'
import type { ConsoleChannel } from './consoleChannel'
import type { ConsoleEvents, ConsoleView } from './terminalView'

export interface VncView extends ConsoleView {
  ctrlAltDel(): void
}

const XK_RETURN = 0xff0d
const XK_TAB = 0xff09

/** X11 keysym of a character: Latin-1 maps to itself, the rest to the Unicode range. */
function keysymOf(character: string): number {
  if (character === '\n') return XK_RETURN
  if (character === '\t') return XK_TAB
  const code = character.codePointAt(0)!
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) ? code : 0x01000000 | code
}

export function startVnc(element: HTMLElement, channel: ConsoleChannel, password: string, events: ConsoleEvents): VncView {
  const rfb = new RFB(element, channel, { credentials: { password }, shared: true })
  rfb.scaleViewport = true
  rfb.background = 'transparent'
  let failure = ''
  rfb.addEventListener('connect', () => events.connected())
  rfb.addEventListener('securityfailure', (event) => (failure = (event as CustomEvent<{ reason?: string }>).detail?.reason || 'VNC authentication failed'))
  rfb.addEventListener('disconnect', () => events.closed(failure))
  rfb.addEventListener('credentialsrequired', () => rfb.sendCredentials({ password }))

  return {
    ctrlAltDel: () => rfb.sendCtrlAltDel(),
    paste(text) {
      rfb.clipboardPasteFrom(text)
      for (const character of text.replace(/\r\n?/g, '\n')) rfb.sendKey(keysymOf(character), null)
      rfb.focus()
    },
    dispose: () => rfb.disconnect(),
  }
}
