import { AppError } from '@shared/errors'
import type { CreateUserInput, ListUsersInput, UpdateUserInput, UserView, UserWithSecrets } from '@shared/domain/users'
import type { Database } from '../db/database'
import type { Clock } from '../clock'
import type { AuditLog } from '../audit/auditLog'
import type { FieldCipher } from '../secrets/fieldCipher'
import type { CallContext } from '../actor'
import { hashPassword } from '../auth/passwords'
import { newToken, tokenDigest } from '../secrets/tokens'
import { rethrowUnique } from '../db/constraints'
import { likePrefix } from '../db/like'
import { toUserView, type UserRow } from './userView'

const USERNAME_TAKEN = 'username is already taken'

export class UserService {
  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  findRow(id: number): UserRow | undefined {
    return this.db.first(this.db.qb.selectFrom('users').selectAll().where('id', '=', id))
  }

  private requireRow(id: number): UserRow {
    const row = this.findRow(id)
    if (!row) throw new AppError('NOT_FOUND', `user ${id} does not exist`, { fields: { id: 'no such user' } })
    return row
  }

  view(row: UserRow): UserView {
    return toUserView(row, this.clock.now())
  }

  get(id: number): UserView {
    return this.view(this.requireRow(id))
  }

  list(input: ListUsersInput): { items: UserView[]; total: number } {
    let filtered = this.db.qb.selectFrom('users')
    // Prefix match on the NOCASE username index (LIKE is case-insensitive and can use it).
    if (input.q) filtered = filtered.where(likePrefix('username', input.q))
    if (input.permission) filtered = filtered.where('permission', '=', input.permission)
    if (input.is_active !== undefined) filtered = filtered.where('is_active', '=', input.is_active ? 1 : 0)
    const total = this.db.first(filtered.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
    let ordered = filtered.selectAll().orderBy(input.sort, input.order)
    // Ties (equal expiry, never logged in) keep a stable order across pages.
    if (input.sort !== 'id') ordered = ordered.orderBy('id', input.order)
    const rows = this.db.all(ordered.limit(input.page_size).offset((input.page - 1) * input.page_size))
    return { items: rows.map((row) => this.view(row)), total }
  }

  async create(input: CreateUserInput, ctx: CallContext): Promise<UserWithSecrets> {
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password)
    const proxyPassword = input.proxy_password ?? newToken()
    const subToken = newToken()
    const row = this.db.transaction(() => {
      let id: number
      try {
        id = Number(
          this.db.run(
            this.db.qb.insertInto('users').values({
              username: input.username,
              password_hash: passwordHash,
              login_password_md5: passwordHash === null ? (input.login_password_md5 ?? null) : null,
              proxy_password: this.cipher.encrypt(proxyPassword, 'users.proxy_password'),
              permission: input.permission,
              is_active: input.is_active ? 1 : 0,
              proxy_expire_ts: input.proxy_expire_ts ?? null,
              register_ts: this.clock.now(),
              register_ip: ctx.ip,
              sub_token: this.cipher.encrypt(subToken, 'users.sub_token'),
              sub_token_hash: tokenDigest(subToken),
            }),
          ).lastInsertRowid,
        )
      } catch (error) {
        rethrowUnique(error, 'username', USERNAME_TAKEN)
      }
      const created = this.requireRow(id)
      this.audit.record({ kind: 'user.create', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'user', targetId: id, detail: { after: this.view(created) } })
      return created
    })
    return { ...this.view(row), proxy_password: proxyPassword, sub_token: subToken }
  }

  async update(input: UpdateUserInput, ctx: CallContext): Promise<UserView> {
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password)
    return this.db.transaction(() => {
      const before = this.requireRow(input.id)
      const changes: Partial<UserRow> = {}
      if (input.username !== undefined) changes.username = input.username
      if (passwordHash !== undefined) {
        changes.password_hash = passwordHash
        changes.login_password_md5 = null
      }
      if (input.proxy_password !== undefined) changes.proxy_password = this.cipher.encrypt(input.proxy_password, 'users.proxy_password')
      if (input.permission !== undefined) changes.permission = input.permission
      if (input.is_active !== undefined) changes.is_active = input.is_active ? 1 : 0
      if (input.proxy_expire_ts !== undefined) changes.proxy_expire_ts = input.proxy_expire_ts
      if (Object.keys(changes).length === 0) return this.view(before)
      const losesAdmin = before.permission === 'admin' && before.is_active === 1 && (changes.permission === 'user' || changes.is_active === 0)
      if (losesAdmin) this.assertAnotherActiveAdmin(before.id, changes.permission === 'user' ? 'permission' : 'is_active')
      try {
        this.db.run(this.db.qb.updateTable('users').set(changes).where('id', '=', before.id))
      } catch (error) {
        rethrowUnique(error, 'username', USERNAME_TAKEN)
      }
      if (changes.is_active === 0 || changes.password_hash !== undefined) this.endSessions(before.id)
      const after = this.requireRow(before.id)
      const changed = Object.keys(input).filter((k) => k !== 'id')
      this.audit.record({
        kind: 'user.update',
        actor: ctx.actor?.username,
        ip: ctx.ip,
        targetType: 'user',
        targetId: before.id,
        detail: { changed, before: this.view(before), after: this.view(after) },
      })
      return this.view(after)
    })
  }

  delete(id: number, ctx: CallContext): void {
    this.db.transaction(() => {
      const before = this.requireRow(id)
      if (ctx.actor?.id === id) throw new AppError('CONFLICT', 'you cannot delete your own account', { fields: { id: 'this is you' } })
      if (before.permission === 'admin' && before.is_active === 1) this.assertAnotherActiveAdmin(id, 'id')
      this.db.run(this.db.qb.deleteFrom('users').where('id', '=', id))
      this.audit.record({ kind: 'user.delete', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'user', targetId: id, detail: { before: this.view(before) } })
    })
  }

  rotateSubToken(id: number, ctx: CallContext): { sub_token: string } {
    const subToken = newToken()
    this.db.transaction(() => {
      this.requireRow(id)
      this.db.run(
        this.db.qb
          .updateTable('users')
          .set({ sub_token: this.cipher.encrypt(subToken, 'users.sub_token'), sub_token_hash: tokenDigest(subToken) })
          .where('id', '=', id),
      )
      this.audit.record({ kind: 'user.rotate_sub_token', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'user', targetId: id })
    })
    return { sub_token: subToken }
  }

  private endSessions(userId: number): void {
    this.db.run(this.db.qb.deleteFrom('sessions').where('user_id', '=', userId))
  }

  /** The last active admin cannot be removed, demoted or disabled: nobody could manage the system afterwards. */
  private assertAnotherActiveAdmin(exceptId: number, field: string): void {
    const other = this.db.first(
      this.db.qb
        .selectFrom('users')
        .select('id')
        .where('permission', '=', 'admin')
        .where('is_active', '=', 1)
        .where('id', '<>', exceptId)
        .limit(1),
    )
    if (!other) throw new AppError('CONFLICT', 'this is the last active admin', { fields: { [field]: 'the last active admin must stay' } })
  }
}
