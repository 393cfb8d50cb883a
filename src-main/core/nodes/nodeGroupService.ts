import { AppError } from '@shared/errors'
import type { NodeGroupView } from '@shared/domain/nodes'
import type { Database } from '../db/database'
import type { AuditLog } from '../audit/auditLog'
import type { FieldCipher } from '../secrets/fieldCipher'
import type { CallContext } from '../actor'
import { notExpired, type Clock } from '../clock'
import { newToken, tokenDigest } from '../secrets/tokens'
import { hysteriaServerSnippet } from '../proxy/serverSnippet'

export class NodeGroupService {
  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** Base URL under which Hysteria servers reach our auth endpoint; asked each time, as the desktop can change it. */
    private readonly publicUrlOf: () => string,
  ) {}

  get publicUrl(): string {
    return this.publicUrlOf()
  }

  authUrl(nodeKey: string): string {
    return `${this.publicUrl.replace(/\/+$/, '')}/api/proxy/auth/${nodeKey}`
  }

  list(): NodeGroupView[] {
    const now = this.clock.now()
    // Shared attributes are equal across a group, so the group's first record speaks for it.
    const rows = this.db.all(
      this.db.qb
        .selectFrom('node_server as n')
        .innerJoin(
          (eb) =>
            eb
              .selectFrom('node_server')
              .select((g) => [
                'server_group',
                g.fn.min('id').as('first_id'),
                g.fn.countAll<number>().as('record_count'),
                g.fn.sum<number>('is_active').as('active_count'),
              ])
              .groupBy('server_group')
              .as('g'),
          (join) => join.onRef('g.first_id', '=', 'n.id'),
        )
        .selectAll('n')
        .select(['g.record_count', 'g.active_count'])
        .orderBy('n.server_group'),
    )
    return rows.map((row) => {
      const nodeKey = this.cipher.decrypt(row.node_key, 'node_server.node_key')
      const salamander = this.cipher.decryptNullable(row.salamander, 'node_server.salamander')
      const authUrl = this.authUrl(nodeKey)
      return {
        server_group: row.server_group,
        idc_name: row.idc_name,
        salamander,
        rent_ts: row.rent_ts,
        expire_ts: row.expire_ts === 0 ? null : row.expire_ts,
        fee: row.fee,
        port: row.port,
        sni: row.sni,
        node_key: nodeKey,
        record_count: row.record_count,
        active_count: row.active_count,
        usable: row.active_count > 0 && notExpired(row.expire_ts, now),
        auth_url: authUrl,
        hysteria_server_snippet: hysteriaServerSnippet({ serverGroup: row.server_group, port: row.port, authUrl, salamander, sni: row.sni ?? row.domain }),
      }
    })
  }

  rotateKey(serverGroup: string, ctx: CallContext): { server_group: string; node_key: string } {
    const key = newToken()
    this.db.transaction(() => {
      const first = this.db.first(this.db.qb.selectFrom('node_server').select('id').where('server_group', '=', serverGroup).orderBy('id').limit(1))
      if (!first) throw new AppError('NOT_FOUND', `node group ${serverGroup} does not exist`, { fields: { server_group: 'no such group' } })
      // One record is enough: the propagation trigger carries the key to the rest of the group.
      this.db.run(
        this.db.qb
          .updateTable('node_server')
          .set({ node_key: this.cipher.encrypt(key, 'node_server.node_key'), node_key_hash: tokenDigest(key) })
          .where('id', '=', first.id),
      )
      this.audit.record({ kind: 'node_group.rotate_key', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'node_group', targetId: serverGroup })
    })
    return { server_group: serverGroup, node_key: key }
  }
}
