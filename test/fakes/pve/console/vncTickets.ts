// Short-lived console tickets (PVE::AccessControl assemble_vnc_ticket / verify_vnc_ticket): `PVEVNC:<hex time>::<sig>`,
// signed over the user or token id, the ACL path and the proxy port, and accepted from 20 s before to 40 s after
// their issue time. Since the April 2026 hardening a vncproxy websocket ticket carries the VNC password in front:
// `<password>:PVEVNC:...`, and that password is part of what the signature covers.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../state'

const MIN_AGE_SECONDS = -20
const MAX_AGE_SECONDS = 40
const VNC_PASSWORD_LENGTH = 8

export interface TicketBinding {
  authid: string
  /** The ACL path, `/vms/<vmid>`. */
  path: string
  port: number
}

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0')
}

export class VncTicketIssuer {
  private readonly key = randomBytes(32)

  constructor(private readonly clock: Clock) {}

  private sign(plain: string, binding: TicketBinding, password: string): string {
    const secretData = `${binding.authid}:${binding.path}:${binding.port}:${password}`
    return createHmac('sha256', this.key).update(`${plain}:${secretData}`).digest('base64')
  }

  /** A ticket for `binding`; with a password, in the `<password>:PVEVNC:...` form. */
  issue(binding: TicketBinding, password?: string): string {
    const plain = `PVEVNC:${hex8(Math.floor(this.clock() / 1000))}`
    const ticket = `${plain}::${this.sign(plain, binding, password ?? '')}`
    return password === undefined ? ticket : `${password}:${ticket}`
  }

  valid(ticket: string, binding: TicketBinding): boolean {
    const hasPassword = ticket.slice(VNC_PASSWORD_LENGTH).startsWith(':PVEVNC:')
    const password = hasPassword ? ticket.slice(0, VNC_PASSWORD_LENGTH) : ''
    const bare = hasPassword ? ticket.slice(VNC_PASSWORD_LENGTH + 1) : ticket
    const match = /^(PVEVNC:([A-Z0-9]{8}))::([^:\s]+)$/.exec(bare)
    if (!match) return false
    const given = Buffer.from(match[3]!)
    const expected = Buffer.from(this.sign(match[1]!, binding, password))
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false
    const age = Math.floor(this.clock() / 1000) - parseInt(match[2]!, 16)
    return age > MIN_AGE_SECONDS && age < MAX_AGE_SECONDS
  }
}
