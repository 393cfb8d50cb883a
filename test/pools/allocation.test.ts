import { describe, expect, it } from 'vitest'
import { ipv4ToInt } from '../../src-shared/cidr'
import { allocatedSlots, createPool, expectConsistent, failureOf, freeRangesOf, usePoolCore } from './poolFixtures'

const ip = (text: string) => ipv4ToInt(text)!

describe('allocating from a pool', () => {
  const core = usePoolCore()

  it('hands out every host address of a subnet except network, broadcast, gateway and reserved, lowest first', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'ipv4', name: 'lan', cidr: '192.0.2.0/28', gateway: '192.0.2.1', dns: ['1.1.1.1'], reserved: ['192.0.2.5', '192.0.2.9'] })
    const values: string[] = []
    for (;;) {
      try {
        values.push(pools.allocate(id, 'container:1').value)
      } catch (error) {
        expect((error as { code: string }).code).toBe('POOL_EXHAUSTED')
        break
      }
    }
    const expected = [2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14].map((host) => `192.0.2.${host}`)
    expect(values).toEqual(expected)
    expect(pools.get(id).usage).toEqual({ size: 11, used: 11, free: 0 })
    expectConsistent(db, id)
  })

  it('returns the network settings with an IPv4 address, and plain numbers for ports and VMIDs', () => {
    const { pools } = core().services
    const lan = createPool(pools, { kind: 'ipv4', name: 'lan', first: '10.0.0.100', last: '10.0.0.199', prefix_length: 24, gateway: '10.0.0.1', dns: ['10.0.0.53'] })
    const ports = createPool(pools, { kind: 'port', name: 'nat', first: 30000, last: 30099 })
    const vmids = createPool(pools, { kind: 'vmid', name: 'ct', first: 100, last: 999 })
    expect(pools.allocate(lan, 'container:7')).toEqual({
      pool_id: lan,
      kind: 'ipv4',
      slot: ip('10.0.0.100'),
      value: '10.0.0.100',
      owner: 'container:7',
      prefix_length: 24,
      gateway: '10.0.0.1',
      dns: ['10.0.0.53'],
    })
    expect(pools.allocate(ports, 'nat:3')).toEqual({ pool_id: ports, kind: 'port', slot: 30000, value: '30000', owner: 'nat:3' })
    expect(pools.allocate(vmids, 'container:7')).toMatchObject({ slot: 100, value: '100' })
  })

  it('gives a released slot back as the lowest free one, merging it with its free neighbours', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'port', name: 'p', first: 1000, last: 1009 })
    const owners = Array.from({ length: 6 }, (_, n) => `o${n}`)
    const slots = owners.map((owner) => pools.allocate(id, owner).slot)
    expect(slots).toEqual([1000, 1001, 1002, 1003, 1004, 1005])
    expect(pools.release(id, 1002, 'o2')).toBe(true)
    expect(pools.release(id, 1004, 'o4')).toBe(true)
    expect(freeRangesOf(db, id)).toEqual([[1002, 1002], [1004, 1004], [1006, 1009]])
    expect(pools.release(id, 1003, 'o3')).toBe(true)
    expect(pools.release(id, 1005, 'o5')).toBe(true)
    expect(freeRangesOf(db, id)).toEqual([[1002, 1009]])
    expect(pools.allocate(id, 'next').slot).toBe(1002)
    expectConsistent(db, id)
  })

  it('releases idempotently, and never a slot its caller does not hold', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'port', name: 'p', first: 1, last: 3 })
    pools.allocate(id, 'nat:1')
    expect(pools.release(id, 1, 'nat:1')).toBe(true)
    expect(pools.release(id, 1, 'nat:1')).toBe(false)
    pools.allocate(id, 'nat:2')
    // A retried release from the first owner must not free what now belongs to the second.
    expect(pools.release(id, 1, 'nat:1')).toBe(false)
    expect(pools.allocationsOf('nat:2').map((a) => a.slot)).toEqual([1])
    expect(pools.release(id, 3, 'nat:2')).toBe(false)
    expect(pools.release(999, 1, 'nat:2')).toBe(false)
    expectConsistent(db, id)
  })

  it('is exhausted exactly at capacity and usable again after one release', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'ipv4', name: 'tiny', cidr: '192.0.2.8/29', gateway: '192.0.2.9' })
    const got = Array.from({ length: 5 }, (_, n) => pools.allocate(id, `c:${n}`).value)
    expect(got).toEqual(['192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14'])
    expect(failureOf(() => pools.allocate(id, 'c:5')).code).toBe('POOL_EXHAUSTED')
    expect(freeRangesOf(db, id)).toEqual([])
    pools.release(id, ip('192.0.2.12'), 'c:2')
    expect(pools.allocate(id, 'c:5').value).toBe('192.0.2.12')
    expect(failureOf(() => pools.allocate(id, 'c:6')).code).toBe('POOL_EXHAUSTED')
    expectConsistent(db, id)
  })

  it('gives a requested slot when it is free, and says precisely why when it is not', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'ipv4', name: 'lan', cidr: '10.0.0.0/24', gateway: '10.0.0.1', reserved: ['10.0.0.50'] })
    expect(pools.allocate(id, 'a', { requested: ip('10.0.0.77') }).value).toBe('10.0.0.77')
    expect(freeRangesOf(db, id)).toEqual([[ip('10.0.0.2'), ip('10.0.0.49')], [ip('10.0.0.51'), ip('10.0.0.76')], [ip('10.0.0.78'), ip('10.0.0.254')]])
    expect(pools.allocate(id, 'b').value).toBe('10.0.0.2')
    expect(failureOf(() => pools.allocate(id, 'c', { requested: ip('10.0.0.77') }))).toEqual({
      code: 'CONFLICT',
      fields: { requested: '10.0.0.77 is already allocated to a' },
    })
    expect(failureOf(() => pools.allocate(id, 'c', { requested: ip('10.0.1.1'), field: 'ip_address' }))).toEqual({
      code: 'VALIDATION',
      fields: { ip_address: '10.0.1.1 is outside pool lan (10.0.0.0 to 10.0.0.255)' },
    })
    expect(failureOf(() => pools.allocate(id, 'c', { requested: ip('10.0.0.1') })).fields).toEqual({ requested: '10.0.0.1 is the gateway and is never handed out' })
    expect(failureOf(() => pools.allocate(id, 'c', { requested: ip('10.0.0.50') })).fields).toEqual({ requested: '10.0.0.50 is reserved and is never handed out' })
    expect(failureOf(() => pools.allocate(id, 'c', { requested: ip('10.0.0.255') })).fields).toEqual({ requested: '10.0.0.255 is the broadcast address and is never handed out' })
    expect(failureOf(() => pools.allocate(id, 'c', { requested: 1.5 })).fields).toEqual({ requested: '1.5 is outside pool lan (10.0.0.0 to 10.0.0.255)' })
    expect(failureOf(() => pools.allocate(id, 'c', { requested: -1 })).fields).toEqual({ requested: '-1 is outside pool lan (10.0.0.0 to 10.0.0.255)' })
    expect(failureOf(() => pools.allocate(id, 'c', { requested: ip('10.0.0.9'), taken: new Set([ip('10.0.0.9')]) })).code).toBe('CONFLICT')
    expect(pools.allocate(id, 'c', { requested: ip('10.0.0.254') }).value).toBe('10.0.0.254')
    expect(pools.allocate(id, 'c', { requested: ip('10.0.0.3') }).value).toBe('10.0.0.3')
    expectConsistent(db, id)
  })

  it('skips slots taken outside proxdesk without allocating them, and is exhausted when every free slot is taken', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'vmid', name: 'ct', first: 100, last: 109, reserved: [104] })
    const onCluster = new Set([100, 101, 103, 105, 106, 107, 108, 109, 5000])
    expect(pools.allocate(id, 'container:1', { taken: onCluster }).slot).toBe(102)
    expect(failureOf(() => pools.allocate(id, 'container:2', { taken: onCluster })).code).toBe('POOL_EXHAUSTED')
    expect(allocatedSlots(db, id)).toEqual([102])
    expect(pools.get(id).usage).toEqual({ size: 9, used: 1, free: 8 })
    expect(pools.allocate(id, 'container:2', { taken: new Set([100]) }).slot).toBe(101)
    expectConsistent(db, id)
  })

  it('releases everything one owner holds across pools, and lists what an owner holds', () => {
    const { pools, db } = core().services
    const lan = createPool(pools, { kind: 'ipv4', name: 'lan', cidr: '10.0.0.0/29' })
    const ports = createPool(pools, { kind: 'port', name: 'nat', first: 40000, last: 40010 })
    pools.allocate(lan, 'container:1')
    pools.allocate(ports, 'container:2')
    pools.allocate(ports, 'container:1')
    pools.allocate(ports, 'container:1')
    expect(pools.allocationsOf('container:1').map((a) => `${a.pool_id}:${a.value}`)).toEqual([`${lan}:10.0.0.1`, `${ports}:40001`, `${ports}:40002`])
    expect(pools.releaseOwner('container:1').map((a) => a.value)).toEqual(['10.0.0.1', '40001', '40002'])
    expect(pools.releaseOwner('container:1')).toEqual([])
    expect(pools.allocationsOf('container:1')).toEqual([])
    expect(pools.allocationsOf('container:2').map((a) => a.value)).toEqual(['40000'])
    expectConsistent(db, lan)
    expectConsistent(db, ports)
  })

  it('joins a caller’s transaction: rolled back with it, the slot is free again', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'port', name: 'p', first: 10, last: 20 })
    expect(() =>
      db.transaction(() => {
        pools.allocate(id, 'container:1')
        throw new Error('the caller failed later')
      }),
    ).toThrow('the caller failed later')
    expect(allocatedSlots(db, id)).toEqual([])
    db.transaction(() => {
      expect(pools.allocate(id, 'container:1').slot).toBe(10)
      // A failed allocation inside the caller's transaction undoes only itself.
      expect(failureOf(() => pools.allocate(id, 'container:1', { requested: 10 })).code).toBe('CONFLICT')
      expect(pools.allocate(id, 'container:1').slot).toBe(11)
    })
    expect(allocatedSlots(db, id)).toEqual([10, 11])
    expectConsistent(db, id)
  })

  it('refuses an unknown pool and an empty owner', () => {
    const { pools } = core().services
    const id = createPool(pools, { kind: 'port', name: 'p', first: 10, last: 20 })
    expect(failureOf(() => pools.allocate(999, 'x'))).toEqual({ code: 'NOT_FOUND', fields: { pool_id: 'no such pool' } })
    expect(failureOf(() => pools.allocate(id, ''))).toEqual({ code: 'VALIDATION', fields: { owner: '1 to 200 characters' } })
  })

  it('keeps a /8 as one free range and allocates anywhere in it', () => {
    const { pools, db } = core().services
    const id = createPool(pools, { kind: 'ipv4', name: 'big', cidr: '10.0.0.0/8', gateway: '10.0.0.1' })
    expect(freeRangesOf(db, id)).toEqual([[ip('10.0.0.2'), ip('10.255.255.254')]])
    expect(pools.allocate(id, 'a', { requested: ip('10.128.0.0') }).value).toBe('10.128.0.0')
    expect(pools.allocate(id, 'b').value).toBe('10.0.0.2')
    expect(freeRangesOf(db, id)).toHaveLength(2)
    expect(pools.get(id).usage).toEqual({ size: 2 ** 24 - 3, used: 2, free: 2 ** 24 - 5 })
  })
})
