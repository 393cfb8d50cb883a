import { connect } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { seedRule, useFreshFakeIkuai } from './testing'
import { rawRouter } from './rawRouter'

describe.each([3, 4] as const)('fake iKuai %d.x: injected faults', (generation) => {
  const fake = useFreshFakeIkuai({ generation })
  const session = async () => {
    const raw = rawRouter(fake())
    await raw.login()
    return raw
  }

  it('delays matching requests, as often as `times` allows', async () => {
    const raw = await session()
    fake().faults.set({ kind: 'latency', ms: 150, match: { action: 'show' }, times: 1 })
    let started = performance.now()
    await raw.call('show')
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    started = performance.now()
    await raw.call('show')
    expect(performance.now() - started).toBeLessThan(100)
  })

  it('matches by action or by path', async () => {
    const raw = rawRouter(fake())
    fake().faults.set({ kind: 'status', status: 503, match: { path: '/Action/login' }, times: 1 })
    fake().faults.set({ kind: 'status', status: 500, match: { action: 'add' } })
    expect((await raw.login()).status).toBe(503)
    expect((await raw.login()).status).toBe(200)
    expect((await raw.call('show')).status).toBe(200)
    expect((await raw.call('add', {})).status).toBe(500)
  })

  it('answers an HTTP error page without running the request', async () => {
    const raw = await session()
    fake().faults.set({ kind: 'status', status: 502, message: 'upstream gone', match: { action: 'add' } })
    const reply = await raw.call('add', { ...seedRule(1) })
    expect([reply.status, reply.json, reply.body]).toEqual([502, undefined, expect.stringContaining('502 upstream gone')])
    expect(fake().rules.size).toBe(0)
  })

  it('answers a refusal with the given message without running the request', async () => {
    const raw = await session()
    fake().rules.set(1, seedRule(1))
    fake().faults.set({ kind: 'error', message: 'busy', match: { action: 'del' } })
    expect((await raw.call('del', { id: 1 })).json).toEqual(generation === 3 ? { Result: 30001, ErrMsg: 'busy' } : { code: 1, message: 'busy' })
    expect(fake().rules.size).toBe(1)
  })

  it('sends the bare `timeout` token where the rows belong', async () => {
    const raw = await session()
    fake().faults.set({ kind: 'timeout-token', match: { action: 'show' }, times: 1 })
    const reply = await raw.call('show', { TYPE: 'total,data' })
    expect(reply.json).toBeUndefined()
    expect(reply.body).toBe(generation === 3 ? '{"Result":30000,"ErrMsg":"Success","Data":{"total":0,"data":timeout}}' : '{"code":0,"message":"Success","results":{"total":0,"data":timeout}}')
  })

  it('runs the request, then sends half of its reply', async () => {
    const raw = await session()
    fake().faults.set({ kind: 'invalid-json', match: { action: 'add' }, times: 1 })
    const reply = await raw.call('add', { ...seedRule(1), enabled: 'yes' })
    expect(reply.status).toBe(200)
    expect(reply.json).toBeUndefined()
    expect(reply.body.length).toBeGreaterThan(5)
    expect(fake().rules.size).toBe(1)
  })

  it('resets the connection', async () => {
    const raw = await session()
    fake().faults.set({ kind: 'reset', match: { action: 'show' }, times: 1 })
    await expect(raw.call('show')).rejects.toThrow('fetch failed')
    expect((await raw.call('show')).status).toBe(200)
  })

  it('never answers a hanging request', async () => {
    fake().faults.set({ kind: 'hang', match: { path: '/Action/login' } })
    const request = fetch(`${fake().url}/Action/login`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(150) })
    await expect(request).rejects.toThrow(/aborted|timeout/i)
  })

  it('counts how many calls of one action it handled at once', async () => {
    const raw = await session()
    fake().faults.set({ kind: 'latency', ms: 50, match: { action: 'show' } })
    await Promise.all([raw.call('show'), raw.call('show'), raw.call('show')])
    await raw.call('up', { id: 1 })
    expect(fake().peakConcurrency).toEqual(new Map([['show', 3], ['up', 1]]))
  })
})

describe('fake iKuai over https', () => {
  const fake = useFreshFakeIkuai({ https: true })

  it('serves a self-signed certificate with the fingerprint it reports', async () => {
    const { port } = new URL(fake().url)
    const fingerprint = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => {
        const certificate = socket.getPeerX509Certificate()
        socket.destroy()
        resolve(certificate!.fingerprint256)
      })
      socket.once('error', reject)
    })
    expect(fake().url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(fingerprint).toBe(fake().fingerprint)
  })
})
