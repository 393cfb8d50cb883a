// IPv4, port and VMID pools. Every allocation and release is one transaction (a savepoint inside a caller's),
// so processes sharing the database file queue on SQLite's write lock and never hand out a slot twice; the
// primary key of pool_allocations would refuse it anyway.
import { AppError, fieldError } from '@shared/errors'
import type { CreatePoolInput, ListPoolsInput, PoolAllocationView, PoolAllocationsInput, PoolKind, PoolView, UpdatePoolInput } from '@shared/domain/pools'
import { SLOT_BOUNDS, excludedSlots, exclusionReason, formatSlot, type PoolLayout } from '@shared/poolLayout'
import type { Database } from '../db/database'
import type { AuditLog } from '../audit/auditLog'
import type { Clock } from '../clock'
import type { CallContext } from '../actor'
import { rethrowUnique } from '../db/constraints'
import { FreeRanges, complementOf, mergeAscending } from './freeRanges'
import { assertValidLayout, columnsOf, definitionOfCreate, definitionOfRow, definitionWithUpdate, type PoolDefinition, type PoolRow } from './poolDefinition'
import { networkOf, toPoolView } from './poolView'

const NAME_TAKEN = 'a pool with this name already exists'
const MAX_OWNER_LENGTH = 200

const EXCLUSION_MESSAGES = {
  network: 'is the network address',
  broadcast: 'is the broadcast address',
  gateway: 'is the gateway',
  reserved: 'is reserved',
} as const

export interface AllocateOptions {
  /** This slot instead of the lowest free one (an IPv4 address as its integer, see ipv4ToInt). */
  requested?: number
  /** Slots in use outside proxdesk, such as VMIDs on the PVE cluster: skipped, and left free in the pool. */
  taken?: ReadonlySet<number>
  /** The caller's input field the requested slot came from, named in errors. */
  field?: string
}

export interface Allocation {
  pool_id: number
  kind: PoolKind
  slot: number
  /** '10.0.0.5', '30001' or '105'. */
  value: string
  owner: string
  /** IPv4 pools only. */
  prefix_length?: number
  gateway?: string | null
  dns?: string[]
}

function toAllocation(row: PoolRow, slot: number, owner: string): Allocation {
  return { pool_id: row.id, kind: row.kind, slot, value: formatSlot(row.kind, slot), owner, ...networkOf(row) }
}

function assertOwner(owner: string): void {
  if (owner.length === 0 || owner.length > MAX_OWNER_LENGTH) throw fieldError('owner', `1 to ${MAX_OWNER_LENGTH} characters`)
}

/** Compares what decides the free slots, ignoring name and DNS. */
function layoutKey(definition: PoolDefinition): string {
  const { first_slot, last_slot, prefix_length, gateway, reserved } = columnsOf(definition)
  return JSON.stringify([first_slot, last_slot, prefix_length, gateway, reserved])
}

export class PoolService {
  private readonly ranges: FreeRanges

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.ranges = new FreeRanges(db)
  }

  private requireRow(id: number, field = 'id'): PoolRow {
    const row = this.db.first(this.db.qb.selectFrom('pools').selectAll().where('id', '=', id))
    if (!row) throw new AppError('NOT_FOUND', `pool ${id} does not exist`, { fields: { [field]: 'no such pool' } })
    return row
  }

  private holderOf(poolId: number, slot: number): string | undefined {
    return this.db.first(this.db.qb.selectFrom('pool_allocations').select('owner').where('pool_id', '=', poolId).where('slot', '=', slot))?.owner
  }

  list(input: ListPoolsInput): { items: PoolView[] } {
    let query = this.db.qb.selectFrom('pools').selectAll()
    if (input.kind) query = query.where('kind', '=', input.kind)
    return { items: this.db.all(query.orderBy('id')).map(toPoolView) }
  }

  get(id: number): PoolView {
    return toPoolView(this.requireRow(id))
  }

  create(input: CreatePoolInput, ctx: CallContext): PoolView {
    const definition = definitionOfCreate(input)
    assertValidLayout(definition.layout)
    return this.db.transaction(() => {
      const now = this.clock.now()
      let id: number
      try {
        id = Number(this.db.run(this.db.qb.insertInto('pools').values({ ...columnsOf(definition), created_at: now, updated_at: now })).lastInsertRowid)
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      const { layout } = definition
      this.ranges.replaceAll(id, [...complementOf(layout.first, layout.last, excludedSlots(layout))])
      const view = toPoolView(this.requireRow(id))
      this.audit.record({ kind: 'pool.create', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'pool', targetId: id, detail: { after: view } })
      return view
    })
  }

  /** Name and DNS change freely; a new range, prefix, gateway or reserved list must leave every allocation valid. */
  update(input: UpdatePoolInput, ctx: CallContext): PoolView {
    return this.db.transaction(() => {
      const row = this.requireRow(input.id)
      const before = toPoolView(row)
      const current = definitionOfRow(row)
      const next = definitionWithUpdate(current, input)
      assertValidLayout(next.layout)
      const layoutChanged = layoutKey(next) !== layoutKey(current)
      if (layoutChanged) this.assertAllocationsFit(row.id, next.layout, input.kind === 'ipv4' && input.cidr ? 'cidr' : null)
      try {
        this.db.run(this.db.qb.updateTable('pools').set({ ...columnsOf(next), updated_at: this.clock.now() }).where('id', '=', row.id))
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      if (layoutChanged) this.rebuildFreeRanges(row.id, next.layout)
      const after = toPoolView(this.requireRow(row.id))
      const changed = Object.keys(input).filter((key) => key !== 'id' && key !== 'kind')
      this.audit.record({ kind: 'pool.update', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'pool', targetId: row.id, detail: { changed, before, after } })
      return after
    })
  }

  /** Refuses a layout that would strand an allocation outside the range or on a slot it now excludes. */
  private assertAllocationsFit(poolId: number, layout: PoolLayout, rangeField: 'cidr' | null): void {
    const conflict = (field: string, slot: number, owner: string) => {
      const message = `${formatSlot(layout.kind, slot)} is allocated to ${owner}; release it first`
      return new AppError('CONFLICT', `${field}: ${message}`, { fields: { [field]: message } })
    }
    const allocations = this.db.qb.selectFrom('pool_allocations').select(['slot', 'owner']).where('pool_id', '=', poolId)
    const below = this.db.first(allocations.where('slot', '<', layout.first).orderBy('slot').limit(1))
    if (below) throw conflict(rangeField ?? 'first', below.slot, below.owner)
    const above = this.db.first(allocations.where('slot', '>', layout.last).orderBy('slot', 'desc').limit(1))
    if (above) throw conflict(rangeField ?? 'last', above.slot, above.owner)
    for (const slot of excludedSlots(layout)) {
      const owner = this.holderOf(poolId, slot)
      if (owner === undefined) continue
      const reason = exclusionReason(layout, slot)
      throw conflict(reason === 'gateway' || reason === 'reserved' ? reason : (rangeField ?? 'prefix_length'), slot, owner)
    }
  }

  /** Costs O(allocations): only an admin changing a pool's layout pays it. */
  private rebuildFreeRanges(poolId: number, layout: PoolLayout): void {
    const allocated = this.db.prepare('SELECT slot FROM pool_allocations WHERE pool_id = ? ORDER BY slot').pluck().iterate(poolId) as Iterable<number>
    const ranges = [...complementOf(layout.first, layout.last, mergeAscending(excludedSlots(layout), allocated))]
    this.ranges.replaceAll(poolId, ranges)
  }

  delete(id: number, ctx: CallContext): void {
    this.db.transaction(() => {
      const row = this.requireRow(id)
      if (row.allocated_count > 0) {
        const message = `${row.allocated_count} ${row.allocated_count === 1 ? 'slot is' : 'slots are'} still allocated; release first`
        throw new AppError('CONFLICT', `pool ${row.name}: ${message}`, { fields: { id: message } })
      }
      try {
        this.db.run(this.db.qb.deleteFrom('pools').where('id', '=', id))
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error
        const message = 'still used by a plan or another record; change that first'
        throw new AppError('CONFLICT', `pool ${row.name}: ${message}`, { fields: { id: message } })
      }
      this.audit.record({ kind: 'pool.delete', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'pool', targetId: id, detail: { before: toPoolView(row) } })
    })
  }

  allocations(input: PoolAllocationsInput): { items: PoolAllocationView[]; total: number } {
    const row = this.requireRow(input.id)
    const rows = this.db.all(
      this.db.qb
        .selectFrom('pool_allocations')
        .select(['slot', 'owner', 'allocated_at'])
        .where('pool_id', '=', row.id)
        .orderBy('slot')
        .limit(input.page_size)
        .offset((input.page - 1) * input.page_size),
    )
    return { items: rows.map((a) => ({ ...a, value: formatSlot(row.kind, a.slot) })), total: row.allocated_count }
  }

  /**
   * Hands out the lowest free slot (or `requested`) to `owner`. Works alone or inside a caller's transaction,
   * where it becomes a savepoint: if the caller rolls back, the slot is free again.
   */
  allocate(poolId: number, owner: string, options: AllocateOptions = {}): Allocation {
    assertOwner(owner)
    return this.db.transaction(() => {
      const row = this.requireRow(poolId, 'pool_id')
      const slot = options.requested === undefined ? this.takeLowest(row, options.taken) : this.takeRequested(row, options.requested, options)
      this.db.run(this.db.qb.insertInto('pool_allocations').values({ pool_id: row.id, slot, owner, allocated_at: this.clock.now() }))
      return toAllocation(row, slot, owner)
    })
  }

  /** The slot `allocate` would hand out now (same choice, same POOL_EXHAUSTED), without taking it. */
  peekLowest(poolId: number, options: Pick<AllocateOptions, 'taken'> = {}): Omit<Allocation, 'owner'> {
    const row = this.requireRow(poolId, 'pool_id')
    const { owner: _none, ...preview } = toAllocation(row, this.findLowest(row, options.taken).slot, '')
    return preview
  }

  private findLowest(row: PoolRow, taken: ReadonlySet<number> | undefined) {
    const found = taken ? this.ranges.lowestNotIn(row.id, taken) : this.lowestFree(row.id)
    if (!found) throw new AppError('POOL_EXHAUSTED', `pool ${row.name} has no free ${row.kind === 'ipv4' ? 'address' : row.kind} left`)
    return found
  }

  private takeLowest(row: PoolRow, taken: ReadonlySet<number> | undefined): number {
    const found = this.findLowest(row, taken)
    this.ranges.take(row.id, found.range, found.slot)
    return found.slot
  }

  private lowestFree(poolId: number) {
    const range = this.ranges.lowest(poolId)
    return range && { range, slot: range.range_start }
  }

  private takeRequested(row: PoolRow, slot: number, options: AllocateOptions): number {
    const field = options.field ?? 'requested'
    if (!Number.isSafeInteger(slot) || slot < row.first_slot || slot > row.last_slot) {
      const bounds = `${formatSlot(row.kind, row.first_slot)} to ${formatSlot(row.kind, row.last_slot)}`
      const { min, max } = SLOT_BOUNDS[row.kind]
      const shown = Number.isSafeInteger(slot) && slot >= min && slot <= max ? formatSlot(row.kind, slot) : String(slot)
      throw fieldError(field, `${shown} is outside pool ${row.name} (${bounds})`)
    }
    const shown = formatSlot(row.kind, slot)
    const range = this.ranges.containing(row.id, slot)
    if (!range) {
      const owner = this.holderOf(row.id, slot)
      if (owner !== undefined) throw new AppError('CONFLICT', `${field}: ${shown} is already allocated`, { fields: { [field]: `${shown} is already allocated to ${owner}` } })
      const reason = exclusionReason(definitionOfRow(row).layout, slot)
      if (!reason) throw new Error(`pool ${row.id}: slot ${slot} is neither free, allocated nor excluded`)
      throw fieldError(field, `${shown} ${EXCLUSION_MESSAGES[reason]} and is never handed out`)
    }
    if (options.taken?.has(slot)) {
      throw new AppError('CONFLICT', `${field}: ${shown} is in use outside proxdesk`, { fields: { [field]: `${shown} is already in use` } })
    }
    this.ranges.take(row.id, range, slot)
    return slot
  }

  /**
   * Hands out `length` consecutive slots (a port range for port hopping): the lowest run that fits, or the run
   * starting at `requestedFirst`. All or nothing: a failure part-way leaves the pool as it was.
   */
  allocateRun(poolId: number, owner: string, length: number, options: { requestedFirst?: number; field?: string; taken?: ReadonlySet<number> } = {}): Allocation[] {
    const { taken, field } = options
    if (length === 1 && options.requestedFirst === undefined) return [this.allocate(poolId, owner, { taken })]
    return this.db.transaction(() => {
      const row = this.requireRow(poolId, 'pool_id')
      const first = options.requestedFirst ?? this.lowestRunStart(row, length, taken)
      return Array.from({ length }, (_, offset) => this.allocate(poolId, owner, { requested: first + offset, field, taken }))
    })
  }

  /** Walks the free ranges in order; cost grows with fragmentation (and with `taken` inside them), not with the pool's size. */
  private lowestRunStart(row: PoolRow, length: number, taken: ReadonlySet<number> = new Set()): number {
    for (let range = this.ranges.lowest(row.id); range; range = this.ranges.after(row.id, range.range_start)) {
      let start = range.range_start
      while (start + length - 1 <= range.range_end) {
        let blocked = -1
        for (let slot = start + length - 1; slot >= start; slot--) {
          if (taken.has(slot)) {
            blocked = slot
            break
          }
        }
        if (blocked < 0) return start
        start = blocked + 1
      }
    }
    throw new AppError('POOL_EXHAUSTED', `pool ${row.name} has no ${length} consecutive free ${row.kind === 'ipv4' ? 'addresses' : `${row.kind}s`} left`)
  }

  /** Frees a slot if `owner` holds it; false when it does not (already released, or someone else's). */
  release(poolId: number, slot: number, owner: string): boolean {
    return this.db.transaction(() => {
      const deleted = this.db.run(
        this.db.qb.deleteFrom('pool_allocations').where('pool_id', '=', poolId).where('slot', '=', slot).where('owner', '=', owner),
      )
      if (deleted.changes === 0) return false
      this.ranges.giveBack(poolId, slot)
      return true
    })
  }

  /** Frees everything `owner` holds, in every pool; returns what was freed. */
  releaseOwner(owner: string): Allocation[] {
    return this.db.transaction(() => {
      const held = this.allocationsOf(owner)
      for (const allocation of held) this.release(allocation.pool_id, allocation.slot, owner)
      return held
    })
  }

  allocationsOf(owner: string): Allocation[] {
    const rows = this.db.all(
      this.db.qb
        .selectFrom('pool_allocations as a')
        .innerJoin('pools as p', 'p.id', 'a.pool_id')
        .selectAll('p')
        .select(['a.slot', 'a.owner'])
        .where('a.owner', '=', owner)
        .orderBy('a.pool_id')
        .orderBy('a.slot'),
    )
    return rows.map((row) => toAllocation(row, row.slot, row.owner))
  }
}
