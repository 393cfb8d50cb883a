import type { Selectable } from 'kysely'
import type { UserView } from '@shared/domain/users'
import type { UsersTable } from '../db/schema'
import { notExpired } from '../clock'

export type UserRow = Selectable<UsersTable>

/** The only way a user row leaves core: hashes, md5 and ciphertext are dropped here. */
export function toUserView(row: UserRow, now: number): UserView {
  return {
    id: row.id,
    username: row.username,
    permission: row.permission,
    is_active: row.is_active === 1,
    proxy_expire_ts: row.proxy_expire_ts === 0 ? null : row.proxy_expire_ts,
    proxy_usable: row.is_active === 1 && notExpired(row.proxy_expire_ts, now),
    legacy_password: row.password_hash === null && row.login_password_md5 !== null,
    register_ts: row.register_ts,
    register_ip: row.register_ip,
    last_login_ts: row.last_login_ts,
    last_login_ip: row.last_login_ip,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}
