import type { authOperations } from '@shared/contract/ops/auth'
import type { userOperations } from '@shared/contract/ops/users'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'
import { ownUserId } from './ownUser'

export function userHandlers(s: DomainServices): HandlersFor<typeof authOperations & typeof userOperations> {
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
  }
}
