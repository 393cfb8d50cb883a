// POST /access/vncticket (pve-access-control API2/AccessControl.pm `verify_vnc_ticket`): what termproxy calls
// to check the `USER:TICKET` line. Open to anyone; the ticket and the privileges are the check.

import { FIRST_CONSOLE_PORT, LAST_CONSOLE_PORT } from '../console/consoleHub'
import { PveError } from '../errors'
import type { RouteTable } from '../handlerContext'
import { splitList } from '../schema/formats'

export const accessVncTicketRoutes: RouteTable = {
  'POST /access/vncticket': (ctx) => {
    const authid = ctx.requiredString('authid')
    const path = ctx.requiredString('path')
    const ticket = ctx.requiredString('vncticket')
    const port = ctx.integer('port')
    // The fake signs every ticket for its port; without one, any console port will do.
    const ports = port !== undefined ? [port] : Array.from({ length: LAST_CONSOLE_PORT - FIRST_CONSOLE_PORT + 1 }, (_, i) => FIRST_CONSOLE_PORT + i)
    const { consoles, permissions } = ctx.services
    if (!ports.some((candidate) => consoles.tickets.valid(ticket, { authid, path, port: candidate }))) {
      throw new PveError(401, 'permission denied - invalid PVEVNC ticket\n')
    }
    permissions.check(authid, path, splitList(ctx.requiredString('privs')))
    return null
  },
}
