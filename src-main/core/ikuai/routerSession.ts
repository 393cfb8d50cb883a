// The router's login session (the sess_key cookie). Concurrent calls share one session and one login; when
// calls find their session expired, only the first asks for a new one and the others use it.
import type { Generation } from './routerReply'

export interface RouterSession {
  sessKey: string
  /** Which envelope the router answered the login with. */
  generation: Generation
}

export class SessionKeeper {
  private session: RouterSession | null = null
  private pending: Promise<RouterSession> | null = null

  constructor(private readonly logIn: () => Promise<RouterSession>) {}

  /** The session to use, logging in first when there is none. */
  current(): Promise<RouterSession> {
    if (this.pending) return this.pending
    return this.session ? Promise.resolve(this.session) : this.fresh()
  }

  /** A new login, replacing whatever session we held. */
  fresh(): Promise<RouterSession> {
    return this.pending ?? this.share(this.logIn())
  }

  /** After the router refused `expired`: log in again, unless a concurrent call already did. */
  replace(expired: RouterSession): Promise<RouterSession> {
    if (this.pending) return this.pending
    if (this.session && this.session !== expired) return Promise.resolve(this.session)
    return this.fresh()
  }

  private share(login: Promise<RouterSession>): Promise<RouterSession> {
    const pending = login.then(
      (session) => {
        this.session = session
        return session
      },
      (error: unknown) => {
        this.session = null
        throw error
      },
    )
    this.pending = pending.finally(() => {
      this.pending = null
    })
    return this.pending
  }
}
