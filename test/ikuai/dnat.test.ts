import { describe, expect, it } from 'vitest'
import { seedRule } from '../fakes/ikuai/testing'
import { newRule } from './rules'
import { useFakeIkuai } from './useFakeIkuai'

describe.each([3, 4] as const)('iKuai %d.x: dnat rules', (generation) => {
  const router = useFakeIkuai({ generation })

  it('lists every rule page by page', async () => {
    for (let id = 1; id <= 2_345; id++) router.fake().rules.set(id, seedRule(id))
    const rules = await router.client().listDnat()
    expect(rules).toHaveLength(2_345)
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(2_345)
    expect(rules[0]).toEqual({ id: 1, enabled: true, comment: 'manual 1', interface: 'wan1', lan_addr: '192.168.1.10', protocol: 'tcp', wan_port: '10001', lan_port: '22', src_addr: '' })
    expect(router.fake().calls.map((call) => call.param)).toEqual(
      ['0,1000', '1000,1000', '2000,1000'].map((limit) => ({ TYPE: 'total,data', limit, ORDER_BY: '', ORDER: '' })),
    )
  })

  it('stops after one page when the rules fit', async () => {
    router.fake().rules.set(7, seedRule(7))
    expect(await router.client().listDnat()).toHaveLength(1)
    expect(router.fake().calls).toHaveLength(1)
  })

  it('filters by internal address exactly, though the router searches substrings', async () => {
    const addresses = ['10.0.0.5', '10.0.0.50', '110.0.0.5', '10.0.0.5']
    addresses.forEach((lan_addr, index) => router.fake().rules.set(index + 1, seedRule(index + 1, { lan_addr })))
    router.fake().rules.set(9, seedRule(9, { lan_addr: '10.0.0.9', comment: 'for 10.0.0.5' }))
    const rules = await router.client().listDnat({ lanAddr: '10.0.0.5' })
    expect(rules.map((rule) => rule.id)).toEqual([1, 4])
    expect(router.fake().calls[0]?.param).toMatchObject({ FINDS: 'lan_addr', KEYWORDS: '10.0.0.5' })
  })

  it('filters by comment prefix exactly, though the router searches substrings in any case', async () => {
    const comments = ['proxdesk:c1:m1:web', 'old proxdesk:c1:m2:ssh', 'PROXDESK:c1:m3:web', 'proxdesk:c1:m4:ssh', 'proxdesk:c12:m5:web']
    comments.forEach((comment, index) => router.fake().rules.set(index + 1, seedRule(index + 1, { comment })))
    const rules = await router.client().listDnat({ commentPrefix: 'proxdesk:c1:' })
    expect(rules.map((rule) => rule.comment)).toEqual(['proxdesk:c1:m1:web', 'proxdesk:c1:m4:ssh'])
    expect(router.fake().calls[0]?.param).toMatchObject({ FINDS: 'comment', KEYWORDS: 'proxdesk:c1:' })
  })

  it('applies both filters together', async () => {
    router.fake().rules.set(1, seedRule(1, { lan_addr: '10.0.0.5', comment: 'proxdesk:c1:m1:web' }))
    router.fake().rules.set(2, seedRule(2, { lan_addr: '10.0.0.5', comment: 'manual' }))
    router.fake().rules.set(3, seedRule(3, { lan_addr: '10.0.0.6', comment: 'proxdesk:c1:m2:web' }))
    expect((await router.client().listDnat({ lanAddr: '10.0.0.5', commentPrefix: 'proxdesk:' })).map((rule) => rule.id)).toEqual([1])
  })

  it('adds a rule in the wire form and returns its id', async () => {
    router.fake().rules.set(41, seedRule(41))
    const client = router.client()
    const id = await client.addDnat(newRule({ protocol: 'tcp+udp', wan_port: '30000-30010', lan_port: '30000-30010' }))
    expect(id).toBe(42)
    expect(router.fake().calls.at(-1)).toEqual({
      func_name: 'dnat',
      action: 'add',
      param: { enabled: 'yes', comment: 'proxdesk:c1:m1:web', interface: 'wan1', lan_addr: '10.0.0.5', protocol: 'tcp+udp', wan_port: '30000-30010', lan_port: '30000-30010', src_addr: '' },
    })
    expect(await client.listDnat({ lanAddr: '10.0.0.5' })).toEqual([{ id: 42, ...newRule({ protocol: 'tcp+udp', wan_port: '30000-30010', lan_port: '30000-30010' }) }])
  })

  it('adds a disabled rule', async () => {
    const id = await router.client().addDnat(newRule({ enabled: false }))
    expect(router.fake().rules.get(id)?.enabled).toBe('no')
  })

  it('disables, enables and deletes by id', async () => {
    const client = router.client()
    const id = await client.addDnat(newRule())
    await client.disableDnat(id)
    expect(router.fake().rules.get(id)?.enabled).toBe('no')
    expect((await client.listDnat())[0]?.enabled).toBe(false)
    await client.enableDnat(id)
    expect(router.fake().rules.get(id)?.enabled).toBe('yes')
    await client.deleteDnat(id)
    expect(router.fake().rules.has(id)).toBe(false)
    const writes = router.fake().calls.filter((call) => call.action !== 'show' && call.action !== 'add')
    expect(writes).toEqual(['down', 'up', 'del'].map((action) => ({ func_name: 'dnat', action, param: { id } })))
  })

  it('refuses an add that overlaps another rule, with the router message', async () => {
    router.fake().rules.set(5, seedRule(5, { wan_port: '30000-30005', protocol: 'udp' }))
    await expect(router.client().addDnat(newRule({ wan_port: '30003', protocol: 'tcp+udp' }))).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: expect.stringMatching(/^iKuai at 127\.0\.0\.1:\d+ refused dnat add: wan_port 30003 \(tcp\+udp\) overlaps rule 5/),
    })
    expect(router.fake().rules.size).toBe(1)
  })

  it('refuses an invalid rule before sending it', async () => {
    const client = router.client()
    await expect(client.addDnat(newRule({ lan_addr: '10.0.0.256', wan_port: '0', lan_port: '80-70', protocol: 'icmp' as 'tcp', interface: 'wan1;x' }))).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { lan_addr: expect.any(String), wan_port: expect.any(String), lan_port: expect.any(String), protocol: expect.any(String), interface: expect.any(String) },
    })
    await expect(client.deleteDnat(0)).rejects.toMatchObject({ code: 'VALIDATION', fields: { id: expect.any(String) } })
    await expect(client.enableDnat(1.5)).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(router.fake().calls).toEqual([])
    expect(router.fake().loginCount).toBe(0)
  })

  it('passes a rule the router refuses on its own grounds as UPSTREAM_ERROR', async () => {
    await expect(router.client().addDnat(newRule({ interface: 'wan9' }))).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('unknown interface wan9') })
  })
})
