// termproxy's first exchange: we send `USER:TICKET\n`, it answers `OK` and then the terminal's output. Done in main
// so the ticket never reaches the renderer.
import type WebSocket from 'ws'
import { AppError } from '@shared/errors'
import type { HeldOutput } from './heldOutput'

/** termproxy refused the login line: on PVE versions before the April 2026 update, an API token's ticket. */
export class TermproxyRefused extends AppError {
  constructor(message: string) {
    super('UPSTREAM_AUTH', message)
  }
}

/** Leaves the output behind `OK` (often the prompt) in `held`. */
export async function termproxyLogin(socket: WebSocket, held: HeldOutput, user: string, ticket: string, timeoutMs: number): Promise<void> {
  socket.send(`${user}:${ticket}\n`)
  const answer = await held.first(2, timeoutMs, () => new TermproxyRefused('PVE closed the terminal at login'))
  if (answer.toString('latin1') !== 'OK') throw new TermproxyRefused('PVE did not accept the terminal login')
  held.skip(2)
}
