// What PVE sends before the renderer is attached (the RFB greeting, the shell prompt behind termproxy's OK). ws can
// emit several messages in one tick, so a listener is installed the moment the socket opens and stays until the
// relay takes over in the same tick; nothing falls between the two.
import type WebSocket from 'ws'
import { AppError } from '@shared/errors'

export class HeldOutput {
  private held = Buffer.alloc(0)
  private wake: (() => void) | null = null
  private closed = false

  constructor(private readonly socket: WebSocket) {
    socket.on('message', this.onMessage)
    socket.once('close', this.onClose)
  }

  private readonly onMessage = (data: Buffer): void => {
    this.held = Buffer.concat([this.held, data])
    this.wake?.()
  }

  private readonly onClose = (): void => {
    this.closed = true
    this.wake?.()
  }

  /** The first `length` bytes, once they are here; `onClose` explains a socket that ended before. */
  async first(length: number, timeoutMs: number, onClose: () => Error): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs
    while (this.held.length < length) {
      if (this.closed) throw onClose()
      const left = deadline - Date.now()
      if (left <= 0) throw new AppError('UPSTREAM_TIMEOUT', 'PVE did not answer on the console websocket')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = null
    }
    return this.held.subarray(0, length)
  }

  skip(length: number): void {
    this.held = this.held.subarray(length)
  }

  /** Stops holding and hands over what was held; attach the next listener in the same tick. */
  release(): Buffer {
    this.socket.off('message', this.onMessage)
    this.socket.off('close', this.onClose)
    return this.held
  }
}
