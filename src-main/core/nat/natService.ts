// Port mappings on iKuai routers for containers that only have a private address. The database is the
// truth; each mapping's ports come from the plan's port pool, and the router rule is added, changed and
// removed to match. Every step that touches the router can be repeated safely.
import type { Selectable } from 'kysely'
import { AppError } from '@shared/errors'
import type { AddMappingInput, NatMappingView, ReconcileReport } from '@shared/domain/nat'
import type { Database } from '../db/database'
import type { NatMappingsTable } from '../db/schema'
import type { AuditLog } from '../audit/auditLog'
import type { CallContext } from '../actor'
import type { PoolService } from '../pools/poolService'
import type { DnatRule, IkuaiClient } from '../ikuai/ikuaiClient'
import type { RouterService } from './routerService'
import { mappingIdOf, portText, ruleComment, RULE_COMMENT_PREFIX } from './ruleComment'
import { foreignWanPorts } from './foreignPorts'

export type MappingRow = Selectable<NatMappingsTable>

const portOwner = (mappingId: number) => `nat:${mappingId}`

interface NatTarget {
  containerId: number
  ipAddress: string
  routerId: number
  portPoolId: number
  limit: number
}

export class NatService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly pools: PoolService,
    private readonly routers: RouterService,
  ) {}

  private target(containerId: number): NatTarget {
    const found = this.db.first(
      this.db.qb
        .selectFrom('containers as c')
        .innerJoin('plans as p', 'p.id', 'c.plan_id')
        .select(['c.id', 'c.ip_address', 'c.state', 'p.network_mode', 'p.router_id', 'p.port_pool_id', 'p.nat_rule_limit'])
        .where('c.id', '=', containerId),
    )
    if (!found) throw new AppError('NOT_FOUND', `container ${containerId} does not exist`, { fields: { id: 'no such container' } })
    if (found.network_mode !== 'nat' || found.router_id === null || found.port_pool_id === null) {
      throw new AppError('CONFLICT', 'this container’s plan does not use NAT', { fields: { id: 'not a NAT container' } })
    }
    if (found.ip_address === null || found.state === 'deleted' || found.state === 'failed') {
      throw new AppError('CONFLICT', `the container is ${found.state}`, { fields: { id: found.state } })
    }
    return { containerId, ipAddress: found.ip_address, routerId: found.router_id, portPoolId: found.port_pool_id, limit: found.nat_rule_limit }
  }

  private rows(containerId: number): MappingRow[] {
    return this.db.all(this.db.qb.selectFrom('nat_mappings').selectAll().where('container_id', '=', containerId).orderBy('id'))
  }

  private view(row: MappingRow, externalHost: string, internalAddress: string): NatMappingView {
    return {
      id: row.id,
      container_id: row.container_id,
      router_id: row.router_id,
      purpose: row.purpose,
      protocol: row.protocol,
      external_host: externalHost,
      external_port: portText(row.external_first, row.external_last),
      internal_address: internalAddress,
      internal_port: portText(row.internal_first, row.internal_last),
      state: row.state,
      router_rule_id: row.router_rule_id,
      created_at: row.created_at,
      updated_at: row.updated_at,
    }
  }

  private viewOf(row: MappingRow): NatMappingView {
    const router = this.routers.requireRow(row.router_id)
    const container = this.db.first(this.db.qb.selectFrom('containers').select('ip_address').where('id', '=', row.container_id))
    return this.view(row, router.public_host, container?.ip_address ?? '')
  }

  list(containerId: number): NatMappingView[] {
    this.target(containerId)
    return this.rows(containerId).map((row) => this.viewOf(row))
  }

  /** The rule the router should hold for a mapping. */
  private desiredRule(row: MappingRow, ipAddress: string, enabled: boolean): Omit<DnatRule, 'id'> {
    return {
      enabled,
      comment: ruleComment(row.container_id, row.id, row.purpose),
      interface: this.routers.requireRow(row.router_id).wan_interface,
      lan_addr: ipAddress,
      protocol: row.protocol,
      wan_port: portText(row.external_first, row.external_last),
      lan_port: portText(row.internal_first, row.internal_last),
      src_addr: '',
    }
  }

  /** The router's rule for a mapping, by its comment (row ids can change when rules are edited by hand). */
  private async findRule(client: IkuaiClient, row: MappingRow): Promise<DnatRule | undefined> {
    const comment = ruleComment(row.container_id, row.id, row.purpose)
    return (await client.listDnat({ commentPrefix: comment })).find((rule) => rule.comment === comment)
  }

  /** The external port a mapping would get now, nothing reserved: the pool's lowest free port no foreign router rule holds. */
  async nextFreePort(routerId: number, portPoolId: number, protocol: AddMappingInput['protocol']): Promise<number> {
    const taken = foreignWanPorts(await this.routers.client(routerId).listDnat(), protocol)
    return this.pools.peekLowest(portPoolId, { taken }).slot
  }

  async add(containerId: number, input: Omit<AddMappingInput, 'id'>, ctx: CallContext | null): Promise<NatMappingView> {
    const target = this.target(containerId)
    const length = (input.internal_port_last ?? input.internal_port) - input.internal_port + 1
    const client = this.routers.client(target.routerId)
    const taken = foreignWanPorts(await client.listDnat(), input.protocol)
    const row = this.db.transaction(() => {
      const count = this.db.first(this.db.qb.selectFrom('nat_mappings').select((eb) => eb.fn.countAll<number>().as('n')).where('container_id', '=', containerId))!.n
      if (target.limit > 0 && count >= target.limit) {
        throw new AppError('CONFLICT', `this plan allows ${target.limit} port mappings per container`, { fields: { id: 'mapping limit reached' } })
      }
      const id = Number(
        this.db.run(
          this.db.qb.insertInto('nat_mappings').values({
            container_id: containerId,
            router_id: target.routerId,
            port_pool_id: target.portPoolId,
            purpose: input.purpose,
            protocol: input.protocol,
            // Replaced below once the pool has handed out the external ports (they are owned by this row's id).
            external_first: input.internal_port,
            external_last: input.internal_port + length - 1,
            internal_first: input.internal_port,
            internal_last: input.internal_port + length - 1,
            state: 'pending',
          }),
        ).lastInsertRowid,
      )
      const ports = this.pools.allocateRun(target.portPoolId, portOwner(id), length, { requestedFirst: input.external_port, field: 'external_port', taken })
      this.db.run(this.db.qb.updateTable('nat_mappings').set({ external_first: ports[0]!.slot, external_last: ports.at(-1)!.slot }).where('id', '=', id))
      return this.db.first(this.db.qb.selectFrom('nat_mappings').selectAll().where('id', '=', id))!
    })
    try {
      const ruleId = await client.addDnat(this.desiredRule(row, target.ipAddress, true))
      this.db.run(this.db.qb.updateTable('nat_mappings').set({ router_rule_id: ruleId, state: 'active' }).where('id', '=', row.id))
    } catch (error) {
      // The add may or may not have reached the router; forget looks for the rule by its comment. If even
      // that fails the row stays 'removing' and recoverPending finishes the job later.
      await this.forget(row).catch(() => undefined)
      throw error
    }
    const view = this.viewOf(this.db.first(this.db.qb.selectFrom('nat_mappings').selectAll().where('id', '=', row.id))!)
    this.audit.record({ kind: 'nat.add', actor: ctx?.actor?.username ?? 'proxdesk', ip: ctx?.ip, targetType: 'container', targetId: containerId, detail: { mapping: view } })
    return view
  }

  /** Removes the router rule if it is there, then frees the ports and the row. Safe to repeat. */
  private async forget(row: MappingRow): Promise<void> {
    this.db.run(this.db.qb.updateTable('nat_mappings').set({ state: 'removing' }).where('id', '=', row.id))
    const client = this.routers.client(row.router_id)
    const rule = await this.findRule(client, row)
    if (rule) await client.deleteDnat(rule.id)
    this.db.transaction(() => {
      this.pools.releaseOwner(portOwner(row.id))
      this.db.run(this.db.qb.deleteFrom('nat_mappings').where('id', '=', row.id))
    })
  }

  async remove(containerId: number, mappingId: number, ctx: CallContext | null): Promise<void> {
    const row = this.db.first(this.db.qb.selectFrom('nat_mappings').selectAll().where('id', '=', mappingId).where('container_id', '=', containerId))
    if (!row) throw new AppError('NOT_FOUND', `mapping ${mappingId} does not exist for container ${containerId}`, { fields: { mapping_id: 'no such mapping' } })
    await this.forget(row)
    this.audit.record({ kind: 'nat.delete', actor: ctx?.actor?.username ?? 'proxdesk', ip: ctx?.ip, targetType: 'container', targetId: containerId, detail: { mapping_id: mappingId, external_port: portText(row.external_first, row.external_last) } })
  }

  /** Mappings a crash or an unreachable router left half-added or half-removed are removed for good. */
  async recoverPending(): Promise<number[]> {
    const rows = this.db.all(this.db.qb.selectFrom('nat_mappings').selectAll().where('state', 'in', ['pending', 'removing']))
    const done: number[] = []
    for (const row of rows) {
      try {
        await this.forget(row)
        done.push(row.id)
      } catch {
        // Still unreachable: the row keeps its state and the next start tries again.
      }
    }
    return done
  }

  /** Every mapping of a container, for terminate and for undoing a create. */
  async removeAll(containerId: number): Promise<void> {
    for (const row of this.rows(containerId)) await this.forget(row)
  }

  /** Suspend disables a container's rules on the router (keeping them), unsuspend enables them again. */
  async setEnabled(containerId: number, enabled: boolean): Promise<void> {
    for (const row of this.rows(containerId)) {
      const client = this.routers.client(row.router_id)
      const rule = await this.findRule(client, row)
      if (!rule) throw new AppError('UPSTREAM_ERROR', `the router has no rule for mapping ${row.id}; run a reconcile`)
      if (enabled) await client.enableDnat(rule.id)
      else await client.disableDnat(rule.id)
      this.db.run(this.db.qb.updateTable('nat_mappings').set({ state: enabled ? 'active' : 'disabled', router_rule_id: rule.id }).where('id', '=', row.id))
    }
  }

  /** The SSH endpoint customers use: the router's public host and the external port mapped to 22. */
  sshEndpoint(containerId: number): { host: string; port: number } | null {
    const row = this.db.first(
      this.db.qb.selectFrom('nat_mappings').selectAll().where('container_id', '=', containerId).where('purpose', '=', 'ssh').where('state', 'in', ['active', 'disabled']),
    )
    return row ? { host: this.routers.requireRow(row.router_id).public_host, port: row.external_first } : null
  }

  /** Compares the router's proxdesk rules with the database: missing, orphaned and changed rules. */
  async reconcile(routerId: number): Promise<ReconcileReport> {
    this.routers.requireRow(routerId)
    const rules = await this.routers.client(routerId).listDnat({ commentPrefix: RULE_COMMENT_PREFIX })
    const rows = this.db.all(
      this.db.qb
        .selectFrom('nat_mappings as m')
        .innerJoin('containers as c', 'c.id', 'm.container_id')
        .selectAll('m')
        .select('c.ip_address')
        .where('m.router_id', '=', routerId)
        .where('m.state', 'in', ['active', 'disabled']),
    )
    const byMapping = new Map(rules.map((rule) => [mappingIdOf(rule.comment), rule]))
    const known = new Set(rows.map((row) => row.id))
    const report: ReconcileReport = { router_id: routerId, missing: [], orphaned: [], changed: [], in_sync: 0 }
    for (const row of rows) {
      const rule = byMapping.get(row.id)
      if (!rule) {
        report.missing.push(this.viewOf(row))
        continue
      }
      const differences = this.differences(this.desiredRule(row, row.ip_address ?? '', row.state === 'active'), rule)
      if (differences.length === 0) report.in_sync++
      else report.changed.push({ mapping: this.viewOf(row), rule: ruleView(rule), differences })
    }
    for (const rule of rules) {
      const mappingId = mappingIdOf(rule.comment)
      if (mappingId === null || !known.has(mappingId)) report.orphaned.push(ruleView(rule))
    }
    return report
  }

  private differences(want: Omit<DnatRule, 'id'>, have: DnatRule): string[] {
    const fields = ['enabled', 'interface', 'lan_addr', 'protocol', 'wan_port', 'lan_port'] as const
    return fields.filter((field) => want[field] !== have[field]).map((field) => `${field}: router has ${have[field]}, expected ${want[field]}`)
  }

  /** Makes the router match the database: re-adds missing rules, replaces changed ones, deletes orphans. */
  async repair(routerId: number, ctx: CallContext): Promise<ReconcileReport> {
    const report = await this.reconcile(routerId)
    const client = this.routers.client(routerId)
    for (const rule of report.orphaned) await client.deleteDnat(rule.id)
    for (const { mapping, rule } of report.changed) {
      await client.deleteDnat(rule.id)
      await this.readd(client, mapping.id)
    }
    for (const mapping of report.missing) await this.readd(client, mapping.id)
    this.audit.record({ kind: 'nat.repair', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'router', targetId: routerId, detail: { missing: report.missing.length, orphaned: report.orphaned.length, changed: report.changed.length } })
    return this.reconcile(routerId)
  }

  private async readd(client: IkuaiClient, mappingId: number): Promise<void> {
    const row = this.db.first(this.db.qb.selectFrom('nat_mappings').selectAll().where('id', '=', mappingId))!
    const container = this.db.first(this.db.qb.selectFrom('containers').select('ip_address').where('id', '=', row.container_id))!
    const ruleId = await client.addDnat(this.desiredRule(row, container.ip_address ?? '', row.state === 'active'))
    this.db.run(this.db.qb.updateTable('nat_mappings').set({ router_rule_id: ruleId }).where('id', '=', row.id))
  }
}

function ruleView(rule: DnatRule) {
  return { id: rule.id, enabled: rule.enabled, comment: rule.comment, lan_addr: rule.lan_addr, protocol: rule.protocol, wan_port: rule.wan_port, lan_port: rule.lan_port }
}
