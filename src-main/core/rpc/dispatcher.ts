// The one place where every call, from IPC or HTTP, is authenticated, authorized and validated.
import { contract, type OperationName, type OutputOf, type ParsedInputOf } from '@shared/contract/index'
import { AppError, INTERNAL_ERROR, type Result } from '@shared/errors'
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
    return this.run(name, rawInput, credentials)
  }

  /**
   * The same call, but a synchronous handler's result comes back synchronously: the proxy-auth fast path answers
   * each Hysteria client connection, and the promise turns of an async call cost it more than its lookup does.
   */
  run<N extends OperationName>(name: N, rawInput: unknown, credentials: CallerCredentials): Result<OutputOf<N>> | Promise<Result<OutputOf<N>>> {
    let output: OutputOf<N> | Promise<OutputOf<N>>
    try {
      output = this.invoke(name, rawInput, credentials)
    } catch (error) {
      return this.failure(name, error)
    }
    if (output instanceof Promise) {
      return output.then(
        (value) => this.checked(name, value),
        (error: unknown) => this.failure(name, error),
      )
    }
    return this.checked(name, output)
  }

  private invoke<N extends OperationName>(name: N, rawInput: unknown, credentials: CallerCredentials): OutputOf<N> | Promise<OutputOf<N>> {
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
    return (this.handlers[name] as Handler<N>)(parsed.data as ParsedInputOf<N>, ctx)
  }

  /** Strict output schemas make a leaked field (a hash, a secret) fail loudly instead of reaching a client. */
  private checked<N extends OperationName>(name: N, output: OutputOf<N>): Result<OutputOf<N>> {
    const checked = contract[name].output.safeParse(output)
    if (checked.success) return { ok: true, data: checked.data as OutputOf<N> }
    this.logger.error({ operation: name, issues: checked.error.issues }, 'handler output does not match the contract')
    return { ok: false, error: INTERNAL_ERROR }
  }

  private failure(name: OperationName, error: unknown): Result<never> {
    if (error instanceof AppError) return { ok: false, error: error.toData() }
    this.logger.error({ err: error, operation: name }, 'operation failed')
    return { ok: false, error: INTERNAL_ERROR }
  }
}
