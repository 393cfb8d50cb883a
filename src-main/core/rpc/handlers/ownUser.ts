import { AppError } from '@shared/errors'
import type { CallContext } from '../../actor'

/** The caller's own user id; the desktop operator has none. */
export function ownUserId(ctx: CallContext): number {
  if (ctx.actor?.id == null) throw new AppError('FORBIDDEN', 'the desktop operator has no user account')
  return ctx.actor.id
}
