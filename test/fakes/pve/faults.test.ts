import type { PeerCertificate } from 'node:tls'
import { Agent, fetch } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakePve, type FakePve } from './index'
import { pveTestClient, type PveTestClient } from './pveTestClient'

describe('fake PVE: injected faults and certificate rotation', () => {
  let fake: FakePve
  let client: PveTestClient

  beforeAll(async () => {
    fake = await startFakePve({ taskDurationMs: 10 })
    client = pveTestClient(fake)
  })

  afterEach(() => fake.faults.clear())

  afterAll(async () => {
    await client.close()
    await fake.close()
  })

  it('adds latency to matching requests, as often as `times` allows', async () => {
    fake.faults.set({ kind: 'latency', ms: 250, match: { method: 'GET', pathPrefix: '/version' }, times: 1 })
    let started = performance.now()
    expect((await client.call('GET', '/version')).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
    started = performance.now()
    await client.call('GET', '/version')
    expect(performance.now() - started).toBeLessThan(200)
  })

  it('answers with an injected status: JSON for 5xx, bare status line for node-to-node errors', async () => {
    fake.faults.set({ kind: 'status', status: 500, message: 'cfs lock timeout', match: { pathPrefix: '/nodes' } })
    fake.faults.set({ kind: 'status', status: 596, match: { pathPrefix: '/cluster' } })
    const internal = await client.call('GET', '/nodes')
    expect([internal.status, internal.statusText, internal.json]).toEqual([500, 'cfs lock timeout', { data: null, message: 'cfs lock timeout' }])
    const proxy = await client.call('GET', '/cluster/resources')
    expect([proxy.status, proxy.statusText, proxy.body]).toEqual([596, 'Connection timed out', ''])
    expect((await client.call('GET', '/version')).status).toBe(200)
  })

  it('resets the connection', async () => {
    fake.faults.set({ kind: 'reset', match: { pathPrefix: '/version' }, times: 1 })
    await expect(client.call('GET', '/version')).rejects.toThrow('fetch failed')
    expect((await client.call('GET', '/version')).status).toBe(200)
  })

  it('never answers a hanging request', async () => {
    fake.faults.set({ kind: 'hang', match: { pathPrefix: '/version' }, times: 1 })
    const agent = new Agent({ connect: { ca: fake.caPem } })
    try {
      const request = fetch(`${fake.url}/api2/json/version`, {
        dispatcher: agent,
        headers: { authorization: `PVEAPIToken=${fake.rootToken.tokenId}=${fake.rootToken.secret}` },
        signal: AbortSignal.timeout(150),
      })
      await expect(request).rejects.toThrow(/aborted|timeout/i)
    } finally {
      await agent.destroy()
    }
  })

  it('sends a truncated JSON body', async () => {
    fake.faults.set({ kind: 'invalid-json', match: { pathPrefix: '/version' } })
    const reply = await client.call('GET', '/version')
    expect(reply.status).toBe(200)
    expect(reply.json).toBeUndefined()
    expect(reply.body.startsWith('{"data":{')).toBe(true)
    expect(() => JSON.parse(reply.body)).toThrow()
  })

  it('fails the next matching task with the given error and leaves the state alone', async () => {
    const created = await client.call('POST', '/nodes/pve1/lxc', {
      params: { vmid: 120, ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', rootfs: 'local-lvm:2' },
    })
    await client.waitForTask(created.json.data)
    fake.faults.set({ kind: 'task-fail', match: { pathPrefix: '/nodes/pve1/lxc/120/status/start' }, message: 'startup for container 120 failed', times: 1 })
    const failed = await client.call('POST', '/nodes/pve1/lxc/120/status/start')
    expect(await client.waitForTask(failed.json.data)).toMatchObject({ status: 'stopped', exitstatus: 'startup for container 120 failed' })
    const log = await client.call('GET', `/nodes/pve1/tasks/${encodeURIComponent(failed.json.data)}/log`)
    expect(log.json.data.at(-1).t).toBe('TASK ERROR: startup for container 120 failed')
    expect((await client.call('GET', '/nodes/pve1/lxc/120/status/current')).json.data.status).toBe('stopped')
    const retried = await client.call('POST', '/nodes/pve1/lxc/120/status/start')
    expect(await client.waitForTask(retried.json.data)).toMatchObject({ exitstatus: 'OK' })
  })

  it('rotates the node certificate: fingerprint pinning fails, trust in the cluster CA does not', async () => {
    const pinned = fake.fingerprint
    const pinningAgent = new Agent({
      connect: {
        ca: fake.caPem,
        checkServerIdentity: (_host: string, cert: PeerCertificate) =>
          cert.fingerprint256 === pinned ? undefined : new Error(`certificate fingerprint ${cert.fingerprint256} is not pinned`),
      },
    })
    const get = (dispatcher: Agent): ReturnType<typeof fetch> =>
      fetch(`${fake.url}/api2/json/nodes`, {
        dispatcher,
        headers: { authorization: `PVEAPIToken=${fake.rootToken.tokenId}=${fake.rootToken.secret}` },
      })
    try {
      expect((await get(pinningAgent)).status).toBe(200)
      await fake.rotateCertificate()
      expect(fake.fingerprint).not.toBe(pinned)
      expect(fake.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
      await expect(get(pinningAgent)).rejects.toThrow('fetch failed')
      const nodes = (await client.call('GET', '/nodes')).json.data
      expect(nodes[0].ssl_fingerprint).toBe(fake.fingerprint)
    } finally {
      await pinningAgent.destroy()
    }
  })
})
