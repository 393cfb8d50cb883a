// The one place where every call, from IPC or HTTP, is authenticated, authorized and validated.
import { contract, type OperationName, type OutputOf, type ParsedInputOf } from '@shared/contract/index'
import { AppError, type Result } from '@shared/errors'
import type { Actor, CallContext } from '../actor'
import type { Logger } from '../logger'
import { validationError } from './zodIssues'

export type Handler<N extends OperationName> = (input: ParsedInputOf<N>, ctx: CallContext) => OutputOf<N> | Promise<OutputOf<N>>
export type Handlers = { [N in OperationName]: Handler<N> }
/** The handlers for one domain's slice of the contract. */
export type HandlersFor<Ops> = { [N in keyof Ops & OperationName]: Handler<N> }

export interface CallerCredentials {
  ip: string | null
  bearerToken?: string | null
  /** Set by the desktop transport, whose only caller is the local operator. */
  trustedActor?: Actor
}

export type Authenticator = (token: string) => { actor: Actor; tokenHash: string } | null

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(contract, name)
}

export class Dispatcher {
  constructor(
    private readonly handlers: Handlers,
    private readonly authenticate: Authenticator,
    private readonly logger: Logger,
  ) {}

  async call<N extends OperationName>(name: N, rawInput: unknown, credentials: CallerCredentials): Promise<Result<OutputOf<N>>> {
    try {
      return { ok: true, data: await this.invoke(name, rawInput, credentials) }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() }
      this.logger.error({ err: error, operation: name }, 'operation failed')
      return { ok: false, error: { code: 'INTERNAL', message: 'internal error; see the server log' } }
    }
  }

  private async invoke<N extends OperationName>(name: N, rawInput: unknown, credentials: CallerCredentials): Promise<OutputOf<N>> {
    if (!isOperationName(name)) throw new AppError('NOT_FOUND', `unknown operation ${String(name)}`)
    const operation = contract[name]
    const ctx: CallContext = { actor: credentials.trustedActor ?? null, ip: credentials.ip }
    if (!ctx.actor && credentials.bearerToken) {
      const session = this.authenticate(credentials.bearerToken)
      if (session) {
        ctx.actor = session.actor
        ctx.sessionTokenHash = session.tokenHash
      }
    }
    if (operation.access !== 'public' && !ctx.actor) throw new AppError('UNAUTHENTICATED', 'log in first (Authorization: Bearer <token>)')
    if (operation.access === 'admin' && ctx.actor?.permission !== 'admin') throw new AppError('FORBIDDEN', 'admins only')
    const parsed = operation.input.safeParse(rawInput ?? {})
    if (!parsed.success) throw validationError(parsed.error)
    const handler = this.handlers[name] as Handler<N>
    const output = await handler(parsed.data as ParsedInputOf<N>, ctx)
    // Strict output schemas make a leaked field (a hash, a secret) fail loudly instead of reaching a client.
    const checked = operation.output.safeParse(output)
    if (!checked.success) {
      this.logger.error({ operation: name, issues: checked.error.issues }, 'handler output does not match the contract')
      throw new AppError('INTERNAL', 'internal error; see the server log')
    }
    return checked.data as OutputOf<N>
  }
}
