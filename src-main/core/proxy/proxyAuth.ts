// The Hysteria 2 HTTP auth backend: called once per client connection by every proxy node. Its lookups are
// kept in memory (AuthLookupCache: dropped on any write to what it reads); a cached user holds a keyed digest
// of the proxy password, never the password, so a cached request costs one SHA-256 and a string compare (the
// node key's digest and the AES-GCM decryption only on a cache miss; no argon2 here). Refusals are audited
// through AuditLog.recordRepeated: a client retrying a refused password is a row every few seconds, not a row each time.
import { hash, randomBytes } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'
import type { HysteriaAuthInput, HysteriaAuthOutput } from '@shared/domain/proxy'
import type { Database } from '../db/database'
import type { AuditLog } from '../audit/auditLog'
import type { FieldCipher } from '../secrets/fieldCipher'
import { notExpired, type Clock } from '../clock'
import { tokenDigest } from '../secrets/tokens'
import { AuthLookupCache } from './authLookupCache'

/** Both are index seeks; the group lookup reads only ix_node_server_node_key_auth (see queryPlans tests). */
export const PROXY_AUTH_SQL = {
  groupByKey: 'SELECT max(server_group) AS server_group, max(expire_ts) AS expire_ts, max(is_active) AS any_active FROM node_server WHERE node_key_hash = ?',
  userByName: 'SELECT username, proxy_password, is_active, proxy_expire_ts FROM users WHERE username = ?',
} as const

const REJECTED: HysteriaAuthOutput = { ok: false, id: '' }
/** Go's net.Addr form, which Hysteria sends: `host:port`, an IPv6 host in brackets. */
const HOST_AND_PORT = /^(?:\[([^\]]+)\]|([^:[\]]+)):\d{1,5}$/

/**
 * The client's address without its port: each connection has another source port, and refusals from one host
 * for one user should count into one audit row (AuditLog.recordRepeated), not one row per connection.
 */
export function clientHost(addr: string): string {
  const match = HOST_AND_PORT.exec(addr)
  return match ? (match[1] ?? match[2]!) : addr
}

const USERNAME_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/

export type AuthFailureReason =
  | 'unknown_node_key'
  | 'node_group_disabled'
  | 'node_group_expired'
  | 'malformed_auth'
  | 'unknown_user'
  | 'wrong_password'
  | 'user_disabled'
  | 'user_expired'

interface GroupRow {
  server_group: string | null
  expire_ts: number | null
  any_active: number | null
}

interface AuthUserRow {
  username: string
  proxy_password: string
  is_active: number
  proxy_expire_ts: number | null
}

/** What the cache keeps of a user: the stored proxy password only as passwordDigest() of it. */
interface CachedUser {
  username: string
  passwordDigest: string
  is_active: number
  proxy_expire_ts: number | null
}

export class ProxyAuthService {
  private readonly groupByKey: BetterSqlite3.Statement<[string], GroupRow>
  private readonly userByName: BetterSqlite3.Statement<[string], AuthUserRow>
  private readonly decoyCiphertext: string
  private readonly lookups: AuthLookupCache<GroupRow | null, CachedUser | null>
  /** Random per process and never stored: the cached digests mean nothing outside this process. */
  private readonly digestKey = randomBytes(32).toString('base64')
  private readonly decoyDigest: string

  constructor(
    db: Database,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.groupByKey = db.sqlite.prepare(PROXY_AUTH_SQL.groupByKey)
    this.userByName = db.sqlite.prepare(PROXY_AUTH_SQL.userByName)
    this.decoyCiphertext = cipher.encrypt('proxdesk-decoy-proxy-password', 'users.proxy_password')
    this.lookups = new AuthLookupCache(db.sqlite)
    this.decoyDigest = this.passwordDigest(cipher.decrypt(this.decoyCiphertext, 'users.proxy_password'))
  }

  /**
   * A string, compared with ===: both sides are digests under a key the caller never sees, so where a compare
   * stops tells it nothing it can steer (the double-HMAC argument), and a string costs no Buffer per request.
   * 'binary' (Latin-1) makes the digest's 32 bytes a 32-character string, the cheapest string node makes of them.
   */
  private passwordDigest(password: string): string {
    return hash('sha256', this.digestKey + password, 'binary')
  }

  /** On a cache miss an unknown user costs the same decryption and digest as a known one; it is cached as null. */
  private loadUser(username: string): CachedUser | null {
    const row = USERNAME_SHAPE.test(username) ? this.userByName.get(username) : undefined
    const passwordDigest = this.passwordDigest(this.cipher.decrypt(row?.proxy_password ?? this.decoyCiphertext, 'users.proxy_password'))
    if (!row) return null
    return { username: row.username, passwordDigest, is_active: row.is_active, proxy_expire_ts: row.proxy_expire_ts }
  }

  /** `callerIp` is the proxy node that called us; `input.addr` is its client, as the node reports it. */
  authenticate(input: HysteriaAuthInput, callerIp: string | null): HysteriaAuthOutput {
    const now = this.clock.now()
    this.lookups.refresh()
    const group = this.lookups.group(input.node_key, (nodeKey) => this.groupByKey.get(tokenDigest(nodeKey)) ?? null)
    if (!group || group.server_group === null) return this.refuse('unknown_node_key', input, null, callerIp)
    if (group.any_active !== 1) return this.refuse('node_group_disabled', input, group.server_group, callerIp)
    if (!notExpired(group.expire_ts, now)) return this.refuse('node_group_expired', input, group.server_group, callerIp)

    const colon = input.auth.indexOf(':')
    if (colon <= 0) return this.refuse('malformed_auth', input, group.server_group, callerIp)
    const username = input.auth.slice(0, colon)
    const password = input.auth.slice(colon + 1)
    const user = this.lookups.user(username, (name) => this.loadUser(name))
    // Unknown users cost the same digest and compare as known ones.
    const passwordMatches = (user?.passwordDigest ?? this.decoyDigest) === this.passwordDigest(password)
    if (!user) return this.refuse('unknown_user', input, group.server_group, callerIp)
    if (!passwordMatches) return this.refuse('wrong_password', input, group.server_group, callerIp)
    if (user.is_active !== 1) return this.refuse('user_disabled', input, group.server_group, callerIp)
    if (!notExpired(user.proxy_expire_ts, now)) return this.refuse('user_expired', input, group.server_group, callerIp)
    return { ok: true, id: user.username }
  }

  /** `serverGroup` is null when the node key is unknown: the caller is then not one of our nodes, so its own address is what counts. */
  private refuse(reason: AuthFailureReason, input: HysteriaAuthInput, serverGroup: string | null, callerIp: string | null): HysteriaAuthOutput {
    const claimedUser = input.auth.slice(0, Math.max(input.auth.indexOf(':'), 0)) || null
    this.audit.recordRepeated(
      serverGroup === null
        ? { kind: 'proxy_auth.failure', actor: claimedUser, ip: callerIp, detail: { reason, claimed_addr: clientHost(input.addr) } }
        : { kind: 'proxy_auth.failure', actor: claimedUser, ip: clientHost(input.addr), targetType: 'node_group', targetId: serverGroup, detail: { reason, node_ip: callerIp } },
    )
    return REJECTED
  }
}
