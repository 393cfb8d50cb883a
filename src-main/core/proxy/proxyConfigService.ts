import { AppError } from '@shared/errors'
import type { ProxyConfig, ProxyEndpoint, RawDocument } from '@shared/domain/proxy'
import type { Database } from '../db/database'
import type { FieldCipher } from '../secrets/fieldCipher'
import { notExpired, type Clock } from '../clock'
import { tokenDigest } from '../secrets/tokens'
import type { UserRow } from '../users/userView'
import type { NodeRow } from '../nodes/nodeView'
import { clashSubscription, hysteriaUri, singboxSubscription, uriSubscription, type EndpointTarget, type ProxyCredentials } from './shareFormats'

export type SubscriptionFormat = 'uri' | 'clash' | 'singbox'

/** Names clients show: group and address family, numbered when a group has several of one family. */
function endpointNames(rows: NodeRow[]): string[] {
  const family = (row: NodeRow) => (row.ip_address.includes(':') ? 'v6' : 'v4')
  const totals = new Map<string, number>()
  for (const row of rows) totals.set(`${row.server_group}-${family(row)}`, (totals.get(`${row.server_group}-${family(row)}`) ?? 0) + 1)
  const seen = new Map<string, number>()
  return rows.map((row) => {
    const base = `${row.server_group}-${family(row)}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return (totals.get(base) ?? 0) > 1 ? `${base}-${n}` : base
  })
}

export class ProxyConfigService {
  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  private requireUsable(user: UserRow): void {
    if (user.is_active !== 1) throw new AppError('FORBIDDEN', 'this account is disabled')
    if (!notExpired(user.proxy_expire_ts, this.clock.now())) throw new AppError('FORBIDDEN', 'this account has expired')
  }

  private endpoints(credentials: ProxyCredentials): ProxyEndpoint[] {
    const now = this.clock.now()
    // Enabled records of groups that have not expired; an enabled record also makes its group active.
    const rows = this.db.all(
      this.db.qb
        .selectFrom('node_server')
        .selectAll()
        .where('is_active', '=', 1)
        .where((eb) => eb.or([eb('expire_ts', 'is', null), eb('expire_ts', '=', 0), eb('expire_ts', '>', now)]))
        .orderBy('server_group')
        .orderBy('id'),
    )
    const names = endpointNames(rows)
    return rows.map((row, i) => {
      const target: EndpointTarget = {
        id: row.id,
        name: names[i]!,
        server_group: row.server_group,
        ip_address: row.ip_address,
        domain: row.domain,
        // Connect to the record's own address; the domain (or sni) is what TLS verifies.
        host: row.ip_address,
        port: row.port,
        sni: row.sni ?? row.domain,
        salamander: this.cipher.decryptNullable(row.salamander, 'node_server.salamander'),
      }
      return { ...target, uri: hysteriaUri(target, credentials) }
    })
  }

  private credentials(user: UserRow): ProxyCredentials {
    return { username: user.username, proxyPassword: this.cipher.decrypt(user.proxy_password, 'users.proxy_password') }
  }

  configFor(userId: number): ProxyConfig {
    const user = this.db.first(this.db.qb.selectFrom('users').selectAll().where('id', '=', userId))
    if (!user) throw new AppError('NOT_FOUND', `user ${userId} does not exist`, { fields: { id: 'no such user' } })
    this.requireUsable(user)
    return {
      username: user.username,
      proxy_expire_ts: user.proxy_expire_ts === 0 ? null : user.proxy_expire_ts,
      sub_token: this.cipher.decrypt(user.sub_token, 'users.sub_token'),
      nodes: this.endpoints(this.credentials(user)),
    }
  }

  subscription(subToken: string, format: SubscriptionFormat): RawDocument {
    const user = this.db.first(this.db.qb.selectFrom('users').selectAll().where('sub_token_hash', '=', tokenDigest(subToken)))
    if (!user) throw new AppError('NOT_FOUND', 'unknown subscription link')
    this.requireUsable(user)
    const credentials = this.credentials(user)
    const endpoints = this.endpoints(credentials)
    switch (format) {
      case 'uri':
        return { content_type: 'text/plain; charset=utf-8', body: uriSubscription(endpoints) }
      case 'clash':
        return { content_type: 'text/yaml; charset=utf-8', body: clashSubscription(endpoints, credentials) }
      case 'singbox':
        return { content_type: 'application/json; charset=utf-8', body: singboxSubscription(endpoints, credentials) }
    }
  }
}
