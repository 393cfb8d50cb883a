// The classic web API every call goes through: POST /Action/login for the session, POST /Action/call with
// `{func_name, action, param}` for everything else. A call that finds its session expired logs in again and is
// sent once more; a second refusal in a row is an error, never a loop.
import { AppError } from '@shared/errors'
import type { Logger } from '../logger'
import { loginForm } from './loginForm'
import type { ResolvedRouter } from './routerConnection'
import { isCallSuccess, isLoginSuccess, isSessionExpired, readReply, routerMessage, upstreamError, type ReplyContext, type RouterReply } from './routerReply'
import { SessionKeeper, type RouterSession } from './routerSession'
import { RouterTransport } from './routerTransport'

export class RouterApi {
  private readonly transport: RouterTransport
  private readonly sessions: SessionKeeper

  constructor(
    private readonly router: ResolvedRouter,
    private readonly logger?: Logger,
  ) {
    this.transport = new RouterTransport(router, logger)
    this.sessions = new SessionKeeper(() => this.requestSession())
  }

  /** A fresh login. */
  login(): Promise<RouterSession> {
    return this.sessions.fresh()
  }

  context(what: string, write: boolean): ReplyContext {
    return { upstream: this.router, what, write }
  }

  /**
   * A successful reply, or an AppError: UPSTREAM_ERROR with the router's message when it refused, UPSTREAM_AUTH
   * when it keeps refusing the session. For `write` calls an unreadable outcome says the change may have happened.
   */
  async call(funcName: string, action: string, param: Record<string, unknown>, write: boolean): Promise<RouterReply> {
    const context = this.context(`${funcName} ${action}`, write)
    const body = { func_name: funcName, action, param }
    const session = await this.sessions.current()
    let reply = await this.exchange(context, body, session)
    if (isSessionExpired(reply)) {
      // The router checks the session before it runs anything, so sending a write again cannot double it.
      this.logger?.info({ ikuai: this.router.endpoint, call: context.what }, 'ikuai session expired, logging in again')
      reply = await this.exchange(context, body, await this.sessions.replace(session))
      if (isSessionExpired(reply)) {
        throw new AppError('UPSTREAM_AUTH', `iKuai at ${this.router.endpoint} refused ${context.what} right after a new login: ${routerMessage(reply)}`)
      }
    }
    if (!isCallSuccess(reply)) throw new AppError('UPSTREAM_ERROR', `iKuai at ${this.router.endpoint} refused ${context.what}: ${routerMessage(reply)}`)
    if (write && reply.dataTimedOut) throw upstreamError(context, 'with `timeout` where its data belongs')
    return reply
  }

  close(): Promise<void> {
    return this.transport.close()
  }

  private async exchange(context: ReplyContext, body: unknown, session: RouterSession): Promise<RouterReply> {
    const raw = await this.transport.send({ path: '/Action/call', body, sessKey: session.sessKey, what: context.what, write: context.write })
    return readReply(context, raw)
  }

  private async requestSession(): Promise<RouterSession> {
    const context = this.context('login', false)
    const form = loginForm(this.router.username, this.router.password)
    const raw = await this.transport.send({ path: '/Action/login', body: form, what: context.what, write: false })
    const reply = readReply(context, raw)
    const refused = `iKuai at ${this.router.endpoint} refused the login of ${this.router.username}`
    if (!isLoginSuccess(reply)) throw new AppError('UPSTREAM_AUTH', `${refused}: ${routerMessage(reply)}`)
    if (!raw.sessKey) throw new AppError('UPSTREAM_AUTH', `${refused}: the reply set no sess_key cookie`)
    this.logger?.debug({ ikuai: this.router.endpoint, generation: reply.generation }, 'ikuai login')
    return { sessKey: raw.sessKey, generation: reply.generation }
  }
}
