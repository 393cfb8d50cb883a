import type { Selectable } from 'kysely'
import { AppError } from '@shared/errors'
import type { CreatePlanInput, PlanView, UpdatePlanInput } from '@shared/domain/plans'
import type { Database } from '../db/database'
import type { PlansTable } from '../db/schema'
import type { AuditLog } from '../audit/auditLog'
import type { CallContext } from '../actor'
import { rethrowUnique } from '../db/constraints'

export type PlanRow = Selectable<PlansTable>

const NAME_TAKEN = 'a plan with this name exists'

export function toPlanView(row: PlanRow): PlanView {
  return {
    ...row,
    dns: row.dns === null ? null : (JSON.parse(row.dns) as string[]),
    nesting: row.nesting === 1,
    onboot: row.onboot === 1,
    templates: JSON.parse(row.templates) as string[],
  }
}

type PlanColumns = Omit<PlanRow, 'id' | 'created_at' | 'updated_at'>

function toColumns(input: Partial<CreatePlanInput>): Partial<PlanColumns> {
  const { dns, nesting, onboot, templates, ...plain } = input
  const columns: Partial<PlanColumns> = { ...plain }
  if (dns !== undefined) columns.dns = dns === null ? null : JSON.stringify(dns)
  if (nesting !== undefined) columns.nesting = nesting ? 1 : 0
  if (onboot !== undefined) columns.onboot = onboot ? 1 : 0
  if (templates !== undefined) columns.templates = JSON.stringify(templates)
  return columns
}

export class PlanService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  requireRow(id: number, field = 'id'): PlanRow {
    const row = this.db.first(this.db.qb.selectFrom('plans').selectAll().where('id', '=', id))
    if (!row) throw new AppError('NOT_FOUND', `plan ${id} does not exist`, { fields: { [field]: 'no such plan' } })
    return row
  }

  list(): PlanView[] {
    return this.db.all(this.db.qb.selectFrom('plans').selectAll().orderBy('name')).map(toPlanView)
  }

  get(id: number): PlanView {
    return toPlanView(this.requireRow(id))
  }

  /** References must point at what they claim: a connection, and pools of the right kind. */
  private checkReferences(plan: Pick<PlanRow, 'connection_id' | 'ip_pool_id' | 'vmid_pool_id' | 'port_pool_id' | 'router_id' | 'network_mode'>): void {
    const connection = this.db.first(this.db.qb.selectFrom('pve_connections').select('id').where('id', '=', plan.connection_id))
    if (!connection) throw new AppError('VALIDATION', 'connection_id: no such PVE connection', { fields: { connection_id: 'no such PVE connection' } })
    const expectKind = (poolId: number | null, kind: 'ipv4' | 'vmid' | 'port', field: string) => {
      if (poolId === null) return
      const pool = this.db.first(this.db.qb.selectFrom('pools').select('kind').where('id', '=', poolId))
      if (!pool) throw new AppError('VALIDATION', `${field}: no such pool`, { fields: { [field]: 'no such pool' } })
      if (pool.kind !== kind) throw new AppError('VALIDATION', `${field}: not a ${kind} pool`, { fields: { [field]: `must be a ${kind} pool` } })
    }
    expectKind(plan.ip_pool_id, 'ipv4', 'ip_pool_id')
    expectKind(plan.vmid_pool_id, 'vmid', 'vmid_pool_id')
    expectKind(plan.port_pool_id, 'port', 'port_pool_id')
    if (plan.network_mode === 'nat' && plan.port_pool_id === null) {
      throw new AppError('VALIDATION', 'port_pool_id: required in NAT mode', { fields: { port_pool_id: 'required in NAT mode' } })
    }
    if (plan.network_mode === 'nat' && plan.router_id === null) {
      throw new AppError('VALIDATION', 'router_id: required in NAT mode', { fields: { router_id: 'required in NAT mode' } })
    }
    if (plan.router_id !== null && !this.db.first(this.db.qb.selectFrom('routers').select('id').where('id', '=', plan.router_id))) {
      throw new AppError('VALIDATION', 'router_id: no such router', { fields: { router_id: 'no such router' } })
    }
  }

  create(input: CreatePlanInput, ctx: CallContext): PlanView {
    return this.db.transaction(() => {
      const columns = toColumns(input) as PlanColumns
      columns.port_pool_id = input.port_pool_id ?? null
      columns.router_id = input.router_id ?? null
      columns.rate_mbps = input.rate_mbps ?? null
      columns.dns = input.dns ? JSON.stringify(input.dns) : null
      this.checkReferences(columns)
      let id: number
      try {
        id = Number(this.db.run(this.db.qb.insertInto('plans').values(columns)).lastInsertRowid)
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      const view = this.get(id)
      this.audit.record({ kind: 'plan.create', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'plan', targetId: id, detail: { after: view } })
      return view
    })
  }

  update(input: UpdatePlanInput, ctx: CallContext): PlanView {
    return this.db.transaction(() => {
      const before = this.requireRow(input.id)
      const { id, ...fields } = input
      const changes = toColumns(fields)
      this.checkReferences({ ...before, ...changes })
      try {
        if (Object.keys(changes).length > 0) this.db.run(this.db.qb.updateTable('plans').set(changes).where('id', '=', id))
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      const after = this.get(id)
      this.audit.record({ kind: 'plan.update', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'plan', targetId: id, detail: { changed: Object.keys(fields), before: toPlanView(before), after } })
      return after
    })
  }

  delete(id: number, ctx: CallContext): void {
    this.db.transaction(() => {
      const before = this.requireRow(id)
      const used = this.db.first(this.db.qb.selectFrom('containers').select('id').where('plan_id', '=', id).where('state', '<>', 'deleted').limit(1))
      if (used) throw new AppError('CONFLICT', 'containers still use this plan', { fields: { id: 'in use' } })
      this.db.run(this.db.qb.deleteFrom('containers').where('plan_id', '=', id).where('state', '=', 'deleted'))
      this.db.run(this.db.qb.deleteFrom('plans').where('id', '=', id))
      this.audit.record({ kind: 'plan.delete', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'plan', targetId: id, detail: { before: toPlanView(before) } })
    })
  }
}
