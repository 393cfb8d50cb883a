import { describe, expect, it } from 'vitest'
import { seedRule, useFreshFakeIkuai } from './testing'
import { loginBody, rawRouter } from './rawRouter'

const ENVELOPES = {
  3: { ok: { Result: 30000, ErrMsg: 'Success' }, expired: { Result: 10014, ErrMsg: 'no login authentication' }, loginOk: { Result: 10000, ErrMsg: 'Success' } },
  4: { ok: { code: 0, message: 'Success' }, expired: { code: 1008, message: 'Session expired' }, loginOk: { code: 0, message: 'Success' } },
} as const

const rows = (generation: 3 | 4, json: any) => (generation === 3 ? json.Data : json.results)

describe.each([3, 4] as const)('fake iKuai %d.x: login and sessions', (generation) => {
  const fake = useFreshFakeIkuai({ generation, password: 'secret' })
  const envelope = ENVELOPES[generation]

  it('accepts the right password with a sess_key cookie, with or without `pass`', async () => {
    const raw = rawRouter(fake())
    const accepted = await raw.login()
    expect([accepted.status, accepted.json]).toEqual([200, envelope.loginOk])
    expect(accepted.setCookie).toEqual([expect.stringMatching(/^sess_key=[0-9a-f]{32}; path=\/$/)])
    const { pass: _pass, ...withoutPass } = loginBody('admin', 'secret')
    expect((await raw.post('/Action/login', withoutPass)).setCookie).toHaveLength(1)
    expect(fake().loginCount).toBe(2)
  })

  it.each([
    ['a wrong password', loginBody('admin', 'wrong')],
    ['a wrong user', loginBody('root', 'secret')],
    ['a wrong `pass`', { ...loginBody('admin', 'secret'), pass: Buffer.from('salt_11wrong').toString('base64') }],
    ['an uppercase MD5', { ...loginBody('admin', 'secret'), passwd: loginBody('admin', 'secret').passwd!.toUpperCase() }],
  ])('refuses %s with HTTP 200, a failure code and no cookie', async (_case, body) => {
    const refused = await rawRouter(fake()).post('/Action/login', body)
    expect(refused.status).toBe(200)
    expect(refused.setCookie).toEqual([])
    expect(refused.json).toEqual(generation === 3 ? { Result: 10001, ErrMsg: '用户名或密码错误' } : { code: 1001, message: '用户名或密码错误' })
  })

  it('answers calls without a valid session with the expiry code and HTTP 200', async () => {
    const raw = rawRouter(fake())
    const noCookie = await raw.call('show')
    expect([noCookie.status, noCookie.json]).toEqual([200, envelope.expired])
    expect((await raw.post('/Action/call', { func_name: 'dnat', action: 'show', param: {} }, 'sess_key=forged')).json).toEqual(envelope.expired)
    await raw.login()
    expect((await raw.call('show')).json).toMatchObject(envelope.ok)
    fake().expireSessions()
    expect((await raw.call('show')).json).toEqual(envelope.expired)
    expect(fake().calls.map((call) => call.action)).toEqual(['show', 'show', 'show', 'show'])
  })

  it('answers unknown URLs and methods with 404 and refuses unknown modules', async () => {
    const raw = rawRouter(fake())
    expect((await raw.post('/Action/upload', {})).status).toBe(404)
    expect((await fetch(`${fake().url}/Action/login`)).status).toBe(404)
    await raw.login()
    expect((await raw.call('show', {}, 'route_object')).json).toMatchObject({ [generation === 3 ? 'ErrMsg' : 'message']: 'unknown func_name route_object' })
  })
})

describe('fake iKuai: idle sessions end', () => {
  const fake = useFreshFakeIkuai({ sessionTtlMs: 200 })

  it('keeps a session alive while it is used and ends it after the TTL of idling', async () => {
    const raw = rawRouter(fake())
    await raw.login()
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 80))
      expect((await raw.call('show')).json.Result).toBe(30000)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect((await raw.call('show')).json.Result).toBe(10014)
  })
})

describe.each([3, 4] as const)('fake iKuai %d.x: dnat', (generation) => {
  const fake = useFreshFakeIkuai({ generation, interfaces: ['wan1', 'adsl1'] })
  const session = async () => {
    const raw = rawRouter(fake())
    await raw.login()
    return raw
  }
  const message = (json: any) => (generation === 3 ? json.ErrMsg : json.message)
  const succeeded = (json: any) => (generation === 3 ? json.Result === 30000 : json.code === 0)
  const rule = { enabled: 'yes', comment: 'c', interface: 'wan1', lan_addr: '10.0.0.5', protocol: 'tcp', wan_port: '8080', lan_port: '80', src_addr: '' }

  it('shows total and rows as TYPE asks, a page at a time, with the extra columns routers send', async () => {
    for (let id = 1; id <= 5; id++) fake().rules.set(id, seedRule(id))
    const raw = await session()
    const page = rows(generation, (await raw.call('show', { TYPE: 'total,data', limit: '1,2' })).json)
    expect(page.total).toBe(5)
    expect(page.data.map((row: any) => row.id)).toEqual([2, 3])
    expect(page.data[0]).toEqual({ ...seedRule(2), lan_addr_int: 3232235786 })
    expect(rows(generation, (await raw.call('show', { TYPE: 'data' })).json)).toEqual({ data: expect.any(Array) })
    expect(rows(generation, (await raw.call('show', { TYPE: 'total' })).json)).toEqual({ total: 5 })
    expect(message((await raw.call('show', { limit: '0;20' })).json)).toBe('invalid limit')
  })

  it('searches FINDS columns for KEYWORDS as a case-insensitive substring', async () => {
    fake().rules.set(1, seedRule(1, { comment: 'Proxdesk:c1:m1:web' }))
    fake().rules.set(2, seedRule(2, { lan_addr: '10.0.0.50' }))
    fake().rules.set(3, seedRule(3, { lan_addr: '10.0.0.5' }))
    const raw = await session()
    const ids = async (param: Record<string, unknown>) => rows(generation, (await raw.call('show', param)).json).data.map((row: any) => row.id)
    expect(await ids({ FINDS: 'comment', KEYWORDS: 'proxdesk:' })).toEqual([1])
    expect(await ids({ FINDS: 'lan_addr', KEYWORDS: '10.0.0.5' })).toEqual([2, 3])
    expect(await ids({ FINDS: 'comment', KEYWORDS: '10.0.0.5' })).toEqual([])
    expect(await ids({ KEYWORDS: '10.0.0.5' })).toEqual([2, 3])
  })

  it('adds a rule and answers with its id, which is never reused', async () => {
    fake().rules.set(7, seedRule(7))
    const raw = await session()
    const added = (await raw.call('add', rule)).json
    expect(added).toEqual(generation === 3 ? { Result: 30000, ErrMsg: 'Success', RowId: 8 } : { code: 0, message: 'Success', rowid: 8 })
    expect(fake().rules.get(8)).toEqual({ id: 8, ...rule })
    await raw.call('del', { id: 8 })
    expect((await raw.call('add', rule)).json[generation === 3 ? 'RowId' : 'rowid']).toBe(9)
  })

  it.each([
    [{ protocol: 'any' }, 'invalid protocol any'],
    [{ wan_port: '70000' }, 'invalid wan_port 70000'],
    [{ lan_port: '90-80' }, 'invalid lan_port 90-80'],
    [{ lan_addr: '10.0.0' }, 'invalid lan_addr 10.0.0'],
    [{ interface: 'wan2' }, 'unknown interface wan2'],
    [{ enabled: true }, 'enabled is required'],
    [{ wan_port: 8080 }, 'wan_port is required'],
    [{ lan_addr: undefined }, 'lan_addr is required'],
  ])('refuses an add with %j', async (change, expected) => {
    const refused = (await (await session()).call('add', { ...rule, ...change })).json
    expect([succeeded(refused), message(refused)]).toEqual([false, expected])
    expect(fake().rules.size).toBe(0)
  })

  it('accepts ranges, comma mixes and several interfaces, and refuses overlaps on a shared protocol', async () => {
    const raw = await session()
    expect(succeeded((await raw.call('add', { ...rule, wan_port: '8000,8005,9000-9010', interface: 'wan1,adsl1' })).json)).toBe(true)
    expect(succeeded((await raw.call('add', { ...rule, wan_port: '9010', protocol: 'udp', interface: 'all' })).json)).toBe(true)
    const overlap = (await raw.call('add', { ...rule, wan_port: '8999-9000', protocol: 'tcp+udp' })).json
    expect(message(overlap)).toBe('wan_port 8999-9000 (tcp+udp) overlaps rule 1 (8000,8005,9000-9010 tcp)')
    expect(succeeded((await raw.call('add', { ...rule, wan_port: '8001-8004' })).json)).toBe(true)
    expect(fake().rules.size).toBe(3)
  })

  it('edits a full row, checking overlaps against the other rules only', async () => {
    const raw = await session()
    await raw.call('add', { ...rule, wan_port: '8080' })
    await raw.call('add', { ...rule, wan_port: '9090' })
    expect(succeeded((await raw.call('edit', { id: 1, ...rule, wan_port: '8080-8081', comment: 'edited' })).json)).toBe(true)
    expect(fake().rules.get(1)).toEqual({ id: 1, ...rule, wan_port: '8080-8081', comment: 'edited' })
    expect(message((await raw.call('edit', { id: '1', ...rule, wan_port: '9090' })).json)).toMatch(/overlaps rule 2/)
    expect(message((await raw.call('edit', { id: 1, lan_addr: '10.0.0.6' })).json)).toBe('interface is required')
    expect(message((await raw.call('edit', { id: 3, ...rule })).json)).toBe('no rule with id 3')
  })

  it('deletes by integer, numeric string and comma list', async () => {
    for (let id = 1; id <= 6; id++) fake().rules.set(id, seedRule(id))
    const raw = await session()
    await raw.call('del', { id: 1 })
    await raw.call('del', { id: '2' })
    await raw.call('del', { id: '3,5' })
    expect([...fake().rules.keys()]).toEqual([4, 6])
    expect(message((await raw.call('del', { id: 'all' })).json)).toBe('invalid id')
  })

  it('disables and enables with down and up', async () => {
    fake().rules.set(1, seedRule(1))
    fake().rules.set(2, seedRule(2))
    const raw = await session()
    await raw.call('down', { id: '1,2' })
    expect([...fake().rules.values()].map((r) => r.enabled)).toEqual(['no', 'no'])
    await raw.call('up', { id: 2 })
    expect([...fake().rules.values()].map((r) => r.enabled)).toEqual(['no', 'yes'])
  })
})
