// Ticket login and permission queries (pve-access-control API2/AccessControl.pm). Every login failure answers
// the same 401 "authentication failure" so that user names cannot be probed.

import { AuthFailure, splitTokenId } from '../auth'
import { PveError } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import { normalizeAclPath, privilegeRecord } from '../permissions'
import { splitList } from '../schema/formats'

const CLUSTER_NAME = 'fake-cluster'

function authenticationFailure(): PveError {
  return new PveError(401, 'authentication failure\n')
}

/** The user a password or a still-valid ticket proves; root@pam's ticket may stand in for anyone. */
function verifyCredentials(ctx: HandlerContext, username: string, password: string): void {
  const { auth } = ctx.services
  auth.enabledUser(username)
  const ticketUser = auth.ticketUser(password)
  if (ticketUser === username || ticketUser === 'root@pam') return
  if (ctx.state.users.get(username)?.password !== password) throw authenticationFailure()
}

function createTicket(ctx: HandlerContext): Record<string, unknown> {
  const realm = ctx.string('realm')
  const username = realm ? `${ctx.requiredString('username')}@${realm}` : ctx.requiredString('username')
  const { auth, permissions } = ctx.services
  try {
    verifyCredentials(ctx, username, ctx.requiredString('password'))
    const path = ctx.string('path')
    const privs = ctx.string('privs')
    if (path !== undefined && privs !== undefined) {
      permissions.check(username, normalizeAclPath(path), splitList(privs))
      return { username }
    }
  } catch (error) {
    if (error instanceof AuthFailure || error instanceof PveError) throw authenticationFailure()
    throw error
  }
  const reply: Record<string, unknown> = {
    username,
    ticket: auth.createTicket(username),
    CSRFPreventionToken: auth.createCsrfToken(username),
    cap: permissions.capabilities(username),
  }
  // A single node is not a cluster, so only multi-node fakes have a cluster name to tell auditors.
  if (ctx.state.nodes.size > 1 && permissions.check(username, '/', ['Sys.Audit'], { noerr: true })) reply.clustername = CLUSTER_NAME
  return reply
}

export const accessTicketRoutes: RouteTable = {
  'POST /access/ticket': createTicket,

  'GET /access/permissions': (ctx) => {
    const { permissions } = ctx.services
    const userid = ctx.string('userid') ?? ctx.authid
    const owner = splitTokenId(userid)?.userid
    if (userid !== ctx.authid && owner !== ctx.authid) permissions.check(ctx.authid, '/access', ['Sys.Audit'])
    const path = ctx.string('path')
    if (path !== undefined) return { [path]: privilegeRecord(permissions.privileges(userid, normalizeAclPath(path))) }
    return permissions.effectivePermissions(userid)
  },
}
