// Bulk seeding for the benchmarks and the soak: plain INSERTs in one transaction, but with secrets encrypted
// by the real FieldCipher, so the auth path decrypts exactly what production stores.
import type { Database } from '../../../src-main/core/db/database'
import type { FieldCipher } from '../../../src-main/core/secrets/fieldCipher'
import { newToken, tokenDigest } from '../../../src-main/core/secrets/tokens'

export type UserKind = 'usable' | 'expired' | 'disabled'

export interface SeededUser {
  username: string
  proxyPassword: string
  kind: UserKind
}

export interface SeededGroup {
  serverGroup: string
  nodeKey: string
}

/** Fixed proportions so every run seeds the same shape: 1 in 20 expired, 1 in 20 disabled, 1 in 100 admin. */
function userKind(n: number): UserKind {
  if (n % 20 === 7) return 'expired'
  if (n % 20 === 13) return 'disabled'
  return 'usable'
}

/** `loginHash` is one argon2id hash shared by every user: logins are not on the measured paths. */
export function seedUsers(db: Database, cipher: FieldCipher, count: number, now: number, loginHash: string): SeededUser[] {
  const insert = db.sqlite.prepare(
    `INSERT INTO users (username, password_hash, proxy_password, permission, is_active, proxy_expire_ts, register_ts, sub_token, sub_token_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const users: SeededUser[] = []
  db.transaction(() => {
    for (let n = 0; n < count; n++) {
      const kind = userKind(n)
      const user = { username: `user${String(n).padStart(6, '0')}`, proxyPassword: `proxy-pass-${n}-${newToken().slice(0, 8)}`, kind }
      const subToken = newToken()
      const expiry = kind === 'expired' ? now - 86_400 : n % 2 === 0 ? null : now + 30 * 86_400
      insert.run(
        user.username,
        loginHash,
        cipher.encrypt(user.proxyPassword, 'users.proxy_password'),
        n % 100 === 0 ? 'admin' : 'user',
        kind === 'disabled' ? 0 : 1,
        expiry,
        now - (count - n),
        cipher.encrypt(subToken, 'users.sub_token'),
        tokenDigest(subToken),
      )
      users.push(user)
    }
  })
  return users
}

/**
 * `count` node records in groups of `groupSize`, with one node key per group. One group in 50 is expired and
 * one record in 10 disabled; every third record has a domain.
 */
export function seedNodes(db: Database, cipher: FieldCipher, count: number, groupSize: number, now: number): SeededGroup[] {
  const insert = db.sqlite.prepare(
    `INSERT INTO node_server (ip_address, domain, server_group, idc_name, salamander, rent_ts, expire_ts, fee, port, sni, node_key, node_key_hash, is_active)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const groups: SeededGroup[] = []
  db.transaction(() => {
    let group: { serverGroup: string; nodeKey: string; sealedKey: string; salamander: string; expireTs: number | null } | undefined
    for (let n = 0; n < count; n++) {
      const g = Math.floor(n / groupSize)
      if (n % groupSize === 0) {
        const nodeKey = newToken()
        group = {
          serverGroup: `group-${String(g).padStart(5, '0')}`,
          nodeKey,
          sealedKey: cipher.encrypt(nodeKey, 'node_server.node_key'),
          salamander: cipher.encrypt(`obfs-${g}`, 'node_server.salamander'),
          expireTs: g % 50 === 49 ? now - 3600 : g % 2 === 0 ? null : now + (g % 365) * 86_400,
        }
        groups.push({ serverGroup: group.serverGroup, nodeKey })
      }
      const current = group!
      insert.run(
        `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        n % 3 === 0 ? `node${n}.example.net` : null,
        current.serverGroup,
        `idc-${g % 12}`,
        current.salamander,
        now - 86_400,
        current.expireTs,
        10 + (g % 7),
        443,
        null,
        current.sealedKey,
        tokenDigest(current.nodeKey),
        n % 10 === 9 ? 0 : 1,
      )
    }
  })
  return groups
}
