import { AppError } from '@shared/errors'
import type { UserView } from '@shared/domain/users'
import type { Database } from '../db/database'
import type { Clock } from '../clock'
import type { AuditLog } from '../audit/auditLog'
import type { Actor } from '../actor'
import type { UserService } from '../users/userService'
import type { UserRow } from '../users/userView'
import { newToken, tokenDigest } from '../secrets/tokens'
import { burnVerification, hashPassword, verifyLegacyMd5, verifyPassword } from './passwords'
import type { LoginThrottle } from './loginThrottle'

const BAD_CREDENTIALS = 'wrong username or password'

export interface LoginResult {
  token: string
  expires_at: number
  user: UserView
}

export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly users: UserService,
    private readonly audit: AuditLog,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly sessionTtlSeconds: number,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const wait = this.throttle.retryAfter(username, ip, this.clock.now())
    if (wait > 0) {
      this.audit.record({ kind: 'login.failure', actor: username, ip, detail: { reason: 'throttled' } })
      throw new AppError('THROTTLED', `too many failed logins; try again in ${wait} s`, { retryAfterSeconds: wait })
    }
    const row = this.db.first(this.db.qb.selectFrom('users').selectAll().where('username', '=', username))
    const reason = await this.checkPassword(row, password)
    const now = this.clock.now()
    if (reason !== null || !row) {
      this.throttle.recordFailure(username, ip, now)
      this.audit.record({ kind: 'login.failure', actor: username, ip, targetType: row ? 'user' : undefined, targetId: row?.id, detail: { reason } })
      // One message for every cause, so the answer does not tell whether the username exists.
      throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS)
    }
    this.throttle.recordSuccess(username)
    const upgradedHash = row.password_hash === null ? await hashPassword(password) : null
    const token = newToken()
    const expiresAt = now + this.sessionTtlSeconds
    const user = this.db.transaction(() => {
      const changes: Partial<UserRow> = { last_login_ts: now, last_login_ip: ip }
      if (upgradedHash) {
        changes.password_hash = upgradedHash
        changes.login_password_md5 = null
      }
      this.db.run(this.db.qb.updateTable('users').set(changes).where('id', '=', row.id))
      this.db.run(this.db.qb.deleteFrom('sessions').where('expires_at', '<=', now))
      this.db.run(
        this.db.qb.insertInto('sessions').values({ token_hash: tokenDigest(token), user_id: row.id, created_at: now, expires_at: expiresAt, ip }),
      )
      this.audit.record({ kind: 'login.success', actor: row.username, ip, targetType: 'user', targetId: row.id, detail: upgradedHash ? { password_upgraded: 'md5 -> argon2id' } : undefined })
      return this.users.get(row.id)
    })
    return { token, expires_at: expiresAt, user }
  }

  /** The reason a login must fail, or null. Always spends one password verification. */
  private async checkPassword(row: UserRow | undefined, password: string): Promise<string | null> {
    if (!row) {
      await burnVerification(password)
      return 'unknown_user'
    }
    let matches: boolean
    if (row.password_hash !== null) matches = await verifyPassword(row.password_hash, password)
    else if (row.login_password_md5 !== null) {
      await burnVerification(password)
      matches = verifyLegacyMd5(row.login_password_md5, password)
    } else {
      await burnVerification(password)
      matches = false
    }
    if (!matches) return 'wrong_password'
    if (row.is_active !== 1) return 'inactive'
    return null
  }

  /** The actor behind a bearer token, or null when the token is unknown, expired or its user inactive. */
  authenticate(token: string): { actor: Actor; tokenHash: string } | null {
    const tokenHash = tokenDigest(token)
    const found = this.db.first(
      this.db.qb
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.username', 'users.permission', 'users.is_active', 'sessions.expires_at'])
        .where('sessions.token_hash', '=', tokenHash),
    )
    if (!found || found.expires_at <= this.clock.now() || found.is_active !== 1) return null
    return { actor: { id: found.id, username: found.username, permission: found.permission }, tokenHash }
  }

  logout(tokenHash: string): void {
    this.db.run(this.db.qb.deleteFrom('sessions').where('token_hash', '=', tokenHash))
  }
}
