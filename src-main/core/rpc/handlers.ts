import { AppError } from '@shared/errors'
import type { CallContext } from '../actor'
import type { DomainServices } from '../services'
import type { Handlers } from './dispatcher'

function ownUserId(ctx: CallContext): number {
  if (ctx.actor?.id == null) throw new AppError('FORBIDDEN', 'the desktop operator has no user account')
  return ctx.actor.id
}

/** Every contract operation mapped onto a service call; a missing or extra one is a type error. */
export function createHandlers(s: DomainServices): Handlers {
  return {
    'auth.login': (input, ctx) => s.sessions.login(input.username, input.password, ctx.ip),
    'auth.logout': (_input, ctx) => {
      if (ctx.sessionTokenHash) s.sessions.logout(ctx.sessionTokenHash)
      return null
    },
    'users.me': (_input, ctx) => s.users.get(ownUserId(ctx)),
    'users.rotateMySubToken': (_input, ctx) => s.users.rotateSubToken(ownUserId(ctx), ctx),
    'users.list': (input) => s.users.list(input),
    'users.get': (input) => s.users.get(input.id),
    'users.create': (input, ctx) => s.users.create(input, ctx),
    'users.update': (input, ctx) => s.users.update(input, ctx),
    'users.delete': (input, ctx) => {
      s.users.delete(input.id, ctx)
      return null
    },
    'users.rotateSubToken': (input, ctx) => s.users.rotateSubToken(input.id, ctx),
    'users.proxyConfig': (input) => s.proxyConfig.configFor(input.id),
    'nodes.list': (input, ctx) => s.nodes.list(input, ctx.actor?.permission === 'admin'),
    'nodes.create': (input, ctx) => s.nodes.create(input, ctx),
    'nodes.update': (input, ctx) => s.nodes.update(input, ctx),
    'nodes.delete': (input, ctx) => {
      s.nodes.delete(input.id, ctx)
      return null
    },
    'nodeGroups.list': () => ({ items: s.nodeGroups.list() }),
    'nodeGroups.rotateKey': (input, ctx) => s.nodeGroups.rotateKey(input.server_group, ctx),
    'proxy.config': (_input, ctx) => s.proxyConfig.configFor(ownUserId(ctx)),
    'proxy.subscription': (input) => s.proxyConfig.subscription(input.sub_token, input.format),
    'proxy.auth': (input, ctx) => s.proxyAuth.authenticate(input, ctx.ip),
    'audit.list': (input) => s.audit.list(input),
  }
}
