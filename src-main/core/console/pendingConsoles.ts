// Consoles opened on PVE and waiting for the renderer to attach, by one-time token. PVE's side is already open
// (its tickets expire within about 40 s) and paused; a token is consumed by the first claim, or the console is
// closed when nobody claimed it in time.
import { randomBytes } from 'node:crypto'
import type WebSocket from 'ws'
import type { ConsoleKind } from '@shared/domain/console'
import type { HeldOutput } from './heldOutput'

export interface PendingConsole {
  containerId: number
  kind: ConsoleKind
  upstream: WebSocket
  /** PVE's output so far (the RFB greeting, the prompt behind termproxy's OK). */
  held: HeldOutput
  /** The login session that asked for it (HTTP); null for the desktop operator (IPC). */
  sessionTokenHash: string | null
}

export const CONSOLE_TOKEN_TTL_MS = 30_000

export class PendingConsoles {
  private readonly waiting = new Map<string, { console: PendingConsole; timer: NodeJS.Timeout }>()

  constructor(private readonly ttlMs = CONSOLE_TOKEN_TTL_MS) {}

  add(console: PendingConsole): string {
    const token = randomBytes(24).toString('base64url')
    const timer = setTimeout(() => this.drop(token), this.ttlMs)
    timer.unref()
    this.waiting.set(token, { console, timer })
    // PVE ended it before anyone attached (its own wait ran out, or the container stopped).
    console.upstream.once('close', () => this.drop(token))
    return token
  }

  /** Takes the console out for good: a second claim of the same token finds nothing. */
  claim(token: string): PendingConsole | null {
    const entry = this.waiting.get(token)
    if (!entry) return null
    this.waiting.delete(token)
    clearTimeout(entry.timer)
    return entry.console
  }

  get size(): number {
    return this.waiting.size
  }

  private drop(token: string): void {
    const entry = this.waiting.get(token)
    if (!entry) return
    this.waiting.delete(token)
    clearTimeout(entry.timer)
    entry.console.upstream.terminate()
  }

  closeAll(): void {
    for (const token of [...this.waiting.keys()]) this.drop(token)
  }
}
