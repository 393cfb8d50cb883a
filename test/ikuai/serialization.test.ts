import { describe, expect, it } from 'vitest'
import { newRule } from './rules'
import { useFakeIkuai } from './useFakeIkuai'

describe.each([3, 4] as const)('iKuai %d.x: writes go one at a time', (generation) => {
  const router = useFakeIkuai({ generation })

  it('never has two writes in flight on the router, and keeps their order', async () => {
    router.fake().faults.set({ kind: 'latency', ms: 40, match: { action: 'add' } })
    router.fake().faults.set({ kind: 'latency', ms: 40, match: { action: 'down' } })
    const client = router.client()
    await client.login()
    const first = client.addDnat(newRule({ comment: 'a', wan_port: '30001' }))
    const switched = client.disableDnat(1)
    const rest = [2, 3, 4].map((n) => client.addDnat(newRule({ comment: String.fromCharCode(96 + n), wan_port: String(30_000 + n) })))
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4])
    await switched
    expect(router.fake().peakConcurrency.get('add')).toBe(1)
    expect(router.fake().peakConcurrency.get('down')).toBe(1)
    const writes = router.fake().calls.map((call) => `${call.action} ${String(call.param.comment ?? call.param.id)}`)
    expect(writes).toEqual(['add a', 'down 1', 'add b', 'add c', 'add d'])
    expect(router.fake().rules.get(1)?.enabled).toBe('no')
  })

  it('lets a refused write through the queue without stopping the next', async () => {
    router.fake().faults.set({ kind: 'latency', ms: 20, match: { action: 'add' } })
    const client = router.client()
    const results = await Promise.allSettled([
      client.addDnat(newRule({ wan_port: '30001' })),
      client.addDnat(newRule({ wan_port: '30001' })),
      client.addDnat(newRule({ wan_port: '30002' })),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(router.fake().peakConcurrency.get('add')).toBe(1)
  })
})
