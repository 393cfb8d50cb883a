import { describe, expect, it } from 'vitest'
import { ipv4ToInt } from '../../src-shared/cidr'
import { updatePoolInput, type UpdatePoolInput } from '../../src-shared/domain/pools'
import type { PoolService } from '../../src-main/core/pools/poolService'
import { adminCtx } from '../helpers/testServices'
import { createPool, expectConsistent, failureOf, freeRangesOf, usePoolCore } from './poolFixtures'

const ip = (text: string) => ipv4ToInt(text)!

function update(pools: PoolService, id: number, input: Record<string, unknown>) {
  return pools.update(updatePoolInput.parse({ id, ...input }) as UpdatePoolInput, adminCtx)
}

describe('changing a pool', () => {
  const core = usePoolCore()

  it('grows a range, keeping allocations and making the new slots free', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'port', name: 'p', first: 100, last: 104 })
    for (let n = 0; n < 5; n++) pools.allocate(id, `o${n}`)
    expect(failureOf(() => pools.allocate(id, 'o5')).code).toBe('POOL_EXHAUSTED')
    const grown = update(pools, id, { kind: 'port', first: 98, last: 110 })
    expect(grown).toMatchObject({ first: 98, last: 110, usage: { size: 13, used: 5, free: 8 } })
    expect(freeRangesOf(db, id)).toEqual([[98, 99], [105, 110]])
    expect(pools.allocate(id, 'o5').slot).toBe(98)
    expectConsistent(db, id)
  })

  it('shrinks a range only when no allocation lies outside it', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'vmid', name: 'ct', first: 100, last: 199 })
    pools.allocate(id, 'container:1', { requested: 150 })
    expect(failureOf(() => update(pools, id, { kind: 'vmid', last: 149 }))).toEqual({
      code: 'CONFLICT',
      fields: { last: '150 is allocated to container:1; release it first' },
    })
    expect(failureOf(() => update(pools, id, { kind: 'vmid', first: 151 })).fields).toEqual({ first: '150 is allocated to container:1; release it first' })
    expect(update(pools, id, { kind: 'vmid', first: 150, last: 160 }).usage).toEqual({ size: 11, used: 1, free: 10 })
    expect(freeRangesOf(db, id)).toEqual([[151, 160]])
    expectConsistent(db, id)
  })

  it('moves an IPv4 pool to a larger subnet by cidr, with the gateway kept when it still fits', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'ipv4', name: 'lan', cidr: '10.0.0.0/25', gateway: '10.0.0.1' })
    pools.allocate(id, 'container:1', { requested: ip('10.0.0.126') })
    const wider = update(pools, id, { kind: 'ipv4', cidr: '10.0.0.0/24' })
    expect(wider).toMatchObject({ cidr: '10.0.0.0/24', first: '10.0.0.0', last: '10.0.0.255', gateway: '10.0.0.1', usage: { size: 253, used: 1 } })
    // The old broadcast, 10.0.0.127, is an ordinary host address now.
    expect(pools.allocate(id, 'container:2', { requested: ip('10.0.0.127') }).value).toBe('10.0.0.127')
    expectConsistent(db, id)
  })

  it('refuses a new gateway, reserved address or prefix that would take an allocated address', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'ipv4', name: 'lan', first: '10.0.0.0', last: '10.0.0.255', prefix_length: 24, gateway: '10.0.0.1' })
    pools.allocate(id, 'container:1', { requested: ip('10.0.0.2') })
    pools.allocate(id, 'container:2', { requested: ip('10.0.0.127') })
    expect(failureOf(() => update(pools, id, { kind: 'ipv4', gateway: '10.0.0.2' }))).toEqual({
      code: 'CONFLICT',
      fields: { gateway: '10.0.0.2 is allocated to container:1; release it first' },
    })
    expect(failureOf(() => update(pools, id, { kind: 'ipv4', reserved: ['10.0.0.2'] })).fields).toEqual({ reserved: '10.0.0.2 is allocated to container:1; release it first' })
    // As a /25 the range would not fit one subnet at all; a range inside one whose broadcast is taken conflicts.
    expect(failureOf(() => update(pools, id, { kind: 'ipv4', prefix_length: 25 })).code).toBe('VALIDATION')
    expect(failureOf(() => update(pools, id, { kind: 'ipv4', last: '10.0.0.127', prefix_length: 25 })).fields).toEqual({
      prefix_length: '10.0.0.127 is allocated to container:2; release it first',
    })
    expectConsistent(db, id)
  })

  it('frees a slot that stops being reserved, and reserves a free one', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'port', name: 'p', first: 1, last: 10, reserved: [1, 5] })
    const changed = update(pools, id, { kind: 'port', reserved: [7] })
    expect(changed).toMatchObject({ reserved: [7], usage: { size: 9, used: 0, free: 9 } })
    expect(freeRangesOf(db, id)).toEqual([[1, 6], [8, 10]])
    expectConsistent(db, id)
  })

  it('renames and changes DNS without touching the free ranges, and refuses a change of kind or a taken name', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'ipv4', name: 'lan', cidr: '10.0.0.0/24', dns: ['1.1.1.1'] })
    createPool(pools, { kind: 'ipv4', name: 'other', cidr: '10.0.1.0/24' })
    pools.allocate(id, 'c')
    const before = freeRangesOf(db, id)
    expect(update(pools, id, { kind: 'ipv4', name: 'LAN-1', dns: ['9.9.9.9', '1.1.1.1'] })).toMatchObject({ name: 'LAN-1', dns: ['9.9.9.9', '1.1.1.1'] })
    expect(freeRangesOf(db, id)).toEqual(before)
    expect(pools.allocationsOf('c')[0]).toMatchObject({ dns: ['9.9.9.9', '1.1.1.1'] })
    expect(failureOf(() => update(pools, id, { kind: 'port', first: 1 }))).toEqual({ code: 'VALIDATION', fields: { kind: "the pool's kind is ipv4 and cannot change" } })
    expect(failureOf(() => update(pools, id, { kind: 'ipv4', name: 'OTHER' }))).toEqual({ code: 'CONFLICT', fields: { name: 'a pool with this name already exists' } })
  })

  it('deletes only a pool without allocations', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'port', name: 'p', first: 1, last: 10 })
    pools.allocate(id, 'nat:1')
    expect(failureOf(() => pools.delete(id, adminCtx))).toEqual({ code: 'CONFLICT', fields: { id: '1 slot is still allocated; release first' } })
    pools.releaseOwner('nat:1')
    pools.delete(id, adminCtx)
    expect(failureOf(() => pools.get(id)).code).toBe('NOT_FOUND')
    expect(freeRangesOf(db, id)).toEqual([])
  })

  it('refuses to delete a pool another table still points at', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'vmid', name: 'ct', first: 100, last: 199 })
    // Stands in for plans, whose ip_pool_id, vmid_pool_id and port_pool_id reference pools.
    db.sqlite.exec('CREATE TABLE referrer (pool_id INTEGER NOT NULL REFERENCES pools(id))')
    db.sqlite.prepare('INSERT INTO referrer (pool_id) VALUES (?)').run(id)
    expect(failureOf(() => pools.delete(id, adminCtx))).toEqual({ code: 'CONFLICT', fields: { id: 'still used by a plan or another record; change that first' } })
    expect(pools.get(id).name).toBe('ct')
    expect(freeRangesOf(db, id)).toEqual([[100, 199]])
  })
})
