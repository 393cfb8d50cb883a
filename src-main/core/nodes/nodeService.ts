import { sql } from 'kysely'
import { AppError } from '@shared/errors'
import type { CreateNodeInput, ListNodesInput, NodeAdminView, NodeUserView, UpdateNodeInput } from '@shared/domain/nodes'
import type { Database } from '../db/database'
import type { AuditLog } from '../audit/auditLog'
import type { FieldCipher } from '../secrets/fieldCipher'
import type { CallContext } from '../actor'
import { newToken, tokenDigest } from '../secrets/tokens'
import { rethrowUnique } from '../db/constraints'
import { toNodeAdminView, toNodeAuditView, toNodeUserView, type NodeRow } from './nodeView'

const ADDRESS_TAKEN = 'this ip_address (with this domain) is already registered'

type NodeChanges = Partial<Omit<NodeRow, 'id' | 'created_at' | 'updated_at'>>

export class NodeService {
  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
  ) {}

  private requireRow(id: number): NodeRow {
    const row = this.db.first(this.db.qb.selectFrom('node_server').selectAll().where('id', '=', id))
    if (!row) throw new AppError('NOT_FOUND', `node ${id} does not exist`, { fields: { id: 'no such node' } })
    return row
  }

  groupExists(serverGroup: string, exceptId = 0): boolean {
    return !!this.db.first(
      this.db.qb.selectFrom('node_server').select('id').where('server_group', '=', serverGroup).where('id', '<>', exceptId).limit(1),
    )
  }

  /** A fresh group identity for the auth endpoint. */
  private newNodeKey(): Pick<NodeRow, 'node_key' | 'node_key_hash'> {
    const key = newToken()
    return { node_key: this.cipher.encrypt(key, 'node_server.node_key'), node_key_hash: tokenDigest(key) }
  }

  /** A node may point at a container only if that container exists. */
  private checkContainer(containerId: number | null | undefined): void {
    if (containerId == null) return
    const found = this.db.first(this.db.qb.selectFrom('containers').select('id').where('id', '=', containerId).where('state', '<>', 'deleted'))
    if (!found) throw new AppError('VALIDATION', 'container_id: no such container', { fields: { container_id: 'no such container' } })
  }

  private sharedChanges(input: Partial<CreateNodeInput>): NodeChanges {
    const changes: NodeChanges = {}
    if (input.idc_name !== undefined) changes.idc_name = input.idc_name
    if (input.salamander !== undefined) changes.salamander = this.cipher.encryptNullable(input.salamander, 'node_server.salamander')
    if (input.rent_ts !== undefined) changes.rent_ts = input.rent_ts
    if (input.expire_ts !== undefined) changes.expire_ts = input.expire_ts
    if (input.fee !== undefined) changes.fee = input.fee
    if (input.port !== undefined) changes.port = input.port
    if (input.sni !== undefined) changes.sni = input.sni
    return changes
  }

  list(input: ListNodesInput, asAdmin: boolean): { items: Array<NodeAdminView | NodeUserView>; total: number } {
    let filtered = this.db.qb.selectFrom('node_server')
    if (input.server_group) filtered = filtered.where('server_group', '=', input.server_group)
    if (input.ip_address) filtered = filtered.where('ip_address', '=', input.ip_address)
    if (input.domain) filtered = filtered.where('domain', '=', input.domain)
    // Plain users only ever see enabled records, whatever they ask for.
    const isActive = asAdmin ? input.is_active : true
    if (isActive !== undefined) filtered = filtered.where('is_active', '=', isActive ? 1 : 0)
    // Date-range filters only match records that have an expiry date.
    if (input.expire_before !== undefined) filtered = filtered.where('expire_ts', '>', 0).where('expire_ts', '<', input.expire_before)
    // Told that the range is narrow, the planner seeks ix_node_server_expire_ts; otherwise it reads the whole table
    // in id order and filters, which costs the full table whenever few records expire that late.
    if (input.expire_after !== undefined) filtered = filtered.where(sql<boolean>`likelihood(${sql.ref('expire_ts')} > ${input.expire_after}, 0.05)`)
    const total = this.db.first(filtered.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
    const rows = this.db.all(
      filtered
        .selectAll()
        .orderBy('id')
        .limit(input.page_size)
        .offset((input.page - 1) * input.page_size),
    )
    return { items: rows.map((row) => (asAdmin ? toNodeAdminView(row, this.cipher) : toNodeUserView(row))), total }
  }

  create(input: CreateNodeInput, ctx: CallContext): NodeAdminView {
    return this.db.transaction(() => {
      this.checkContainer(input.container_id)
      let id: number
      try {
        // Into an existing group the insert trigger overwrites the shared attributes with the group's.
        id = Number(
          this.db.run(
            this.db.qb.insertInto('node_server').values({
              ip_address: input.ip_address,
              domain: input.domain ?? null,
              server_group: input.server_group,
              container_id: input.container_id ?? null,
              is_active: input.is_active ? 1 : 0,
              ...this.newNodeKey(),
              ...this.sharedChanges(input),
            }),
          ).lastInsertRowid,
        )
      } catch (error) {
        rethrowUnique(error, 'ip_address', ADDRESS_TAKEN)
      }
      const row = this.requireRow(id)
      this.audit.record({ kind: 'node.create', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'node', targetId: id, detail: { after: toNodeAuditView(row) } })
      return toNodeAdminView(row, this.cipher)
    })
  }

  update(input: UpdateNodeInput, ctx: CallContext): NodeAdminView {
    return this.db.transaction(() => {
      const before = this.requireRow(input.id)
      this.checkContainer(input.container_id)
      try {
        // Move first, so shared attributes given in the same call apply to the group the record ends up in.
        if (input.server_group !== undefined && input.server_group !== before.server_group) {
          const joinsExisting = this.groupExists(input.server_group, before.id)
          this.db.run(
            this.db.qb
              .updateTable('node_server')
              .set({ server_group: input.server_group, ...(joinsExisting ? {} : this.newNodeKey()) })
              .where('id', '=', before.id),
          )
        }
        const changes: NodeChanges = this.sharedChanges(input)
        if (input.ip_address !== undefined) changes.ip_address = input.ip_address
        if (input.domain !== undefined) changes.domain = input.domain
        if (input.is_active !== undefined) changes.is_active = input.is_active ? 1 : 0
        if (input.container_id !== undefined) changes.container_id = input.container_id
        if (Object.keys(changes).length > 0) this.db.run(this.db.qb.updateTable('node_server').set(changes).where('id', '=', before.id))
      } catch (error) {
        rethrowUnique(error, 'ip_address', ADDRESS_TAKEN)
      }
      const after = this.requireRow(before.id)
      this.audit.record({
        kind: 'node.update',
        actor: ctx.actor?.username,
        ip: ctx.ip,
        targetType: 'node',
        targetId: before.id,
        detail: { changed: Object.keys(input).filter((k) => k !== 'id'), before: toNodeAuditView(before), after: toNodeAuditView(after) },
      })
      return toNodeAdminView(after, this.cipher)
    })
  }

  delete(id: number, ctx: CallContext): void {
    this.db.transaction(() => {
      const before = this.requireRow(id)
      this.db.run(this.db.qb.deleteFrom('node_server').where('id', '=', id))
      this.audit.record({ kind: 'node.delete', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'node', targetId: id, detail: { before: toNodeAuditView(before) } })
    })
  }
}
