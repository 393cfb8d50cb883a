// @vitest-environment happy-dom
// The noVNC wiring: PVE's password answers the RFB login, Ctrl-Alt-Del and pasted text reach the VNC server as
// RFB key events (a Linux console has no clipboard to read from, so the text is also typed).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConsoleChannel } from '../../src-renderer/src/components/console/consoleChannel'

const rfbs: FakeRfb[] = []

class FakeRfb extends EventTarget {
  scaleViewport = false
  background = ''
  readonly calls: unknown[][] = []
  constructor(
    readonly target: HTMLElement,
    readonly channel: ConsoleChannel,
    readonly options: { credentials: { password: string } },
  ) {
    super()
    rfbs.push(this)
  }
  sendCredentials(credentials: unknown) {
    this.calls.push(['sendCredentials', credentials])
  }
  sendCtrlAltDel() {
    this.calls.push(['sendCtrlAltDel'])
  }
  clipboardPasteFrom(text: string) {
    this.calls.push(['clipboardPasteFrom', text])
  }
  sendKey(keysym: number, code: string | null) {
    this.calls.push(['sendKey', keysym, code])
  }
  focus() {}
  disconnect() {
    this.calls.push(['disconnect'])
  }
}

vi.mock('@novnc/novnc', () => ({ default: FakeRfb }))

const { startVnc } = await import('../../src-renderer/src/components/console/vncView')

describe('the noVNC view', () => {
  beforeEach(() => {
    rfbs.length = 0
  })

  function start() {
    const events = { connected: vi.fn(), closed: vi.fn() }
    const view = startVnc(document.createElement('div'), {} as ConsoleChannel, 'Ab3dE6gH', events)
    return { view, events, rfb: rfbs[0]! }
  }

  it('logs in with PVE’s password, scales to the element and reports connect and disconnect', () => {
    const { rfb, events } = start()
    expect(rfb.options.credentials).toEqual({ password: 'Ab3dE6gH' })
    expect(rfb.scaleViewport).toBe(true)
    rfb.dispatchEvent(new Event('credentialsrequired'))
    expect(rfb.calls).toContainEqual(['sendCredentials', { password: 'Ab3dE6gH' }])
    rfb.dispatchEvent(new Event('connect'))
    expect(events.connected).toHaveBeenCalledOnce()
    rfb.dispatchEvent(new CustomEvent('securityfailure', { detail: { reason: 'Authentication failure' } }))
    rfb.dispatchEvent(new Event('disconnect'))
    expect(events.closed).toHaveBeenCalledWith('Authentication failure')
  })

  it('sends Ctrl-Alt-Del, and types pasted text key by key after offering it as the clipboard', () => {
    const { view, rfb } = start()
    ;(view as { ctrlAltDel(): void }).ctrlAltDel()
    view.paste('ls -l\r\nü')
    expect(rfb.calls).toEqual([
      ['sendCtrlAltDel'],
      ['clipboardPasteFrom', 'ls -l\r\nü'],
      ...[0x6c, 0x73, 0x20, 0x2d, 0x6c, 0xff0d, 0xfc].map((keysym) => ['sendKey', keysym, null]),
    ])
    view.dispose()
    expect(rfb.calls.at(-1)).toEqual(['disconnect'])
  })
})
