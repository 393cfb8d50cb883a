import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { usePveWorld } from '../helpers/pveWorld'

describe('PVE connections', () => {
  const world = usePveWorld()

  it('shows the certificate to accept, then reaches PVE once the fingerprint is pinned', async () => {
    const w = await world()
    const unpinned = await w.admin(
      'POST',
      '/api/pve/connections',
      { name: 'fresh', base_url: `${w.fake.url}/`, token_id: w.fake.rootToken.tokenId, token_secret: w.fake.rootToken.secret },
      201,
    )
    expect(unpinned).toMatchObject({ base_url: w.fake.url, has_token_secret: true, fingerprint: null })
    expect(JSON.stringify(unpinned)).not.toContain(w.fake.rootToken.secret)
    const first = await w.admin('POST', `/api/pve/connections/${unpinned.id}/test`, undefined, 200)
    expect(first).toMatchObject({ reachable: true, fingerprint: w.fake.fingerprint, trusted_by_system: false, certificate_accepted: false, version: null })
    await w.admin('PUT', `/api/pve/connections/${unpinned.id}`, { fingerprint: first.fingerprint.replace(/:/g, '').toLowerCase() }, 200)
    const second = await w.admin('POST', `/api/pve/connections/${unpinned.id}/test`, undefined, 200)
    expect(second).toMatchObject({ certificate_accepted: true, version: expect.stringMatching(/^9\./), pve_nodes: ['pve1'], error: null })
  })

  it('refuses a changed certificate with a clear error', async () => {
    const w = await world()
    const container = await w.createContainer()
    await w.fake.rotateCertificate()
    const test = await w.admin('POST', `/api/pve/connections/${w.connectionId}/test`, undefined, 200)
    expect(test).toMatchObject({ reachable: true, certificate_accepted: false })
    expect(test.fingerprint).not.toBe(test.pinned_fingerprint)
    const status = await w.api.request('GET', `/api/containers/${container.id}/status`, { token: w.api.adminToken })
    expect(status.status).toBe(502)
    expect(status.json.error.code).toBe('CERTIFICATE_MISMATCH')
  })

  it('keeps the token secret out of responses and encrypted in the database file', async () => {
    const w = await world()
    const list = await w.api.request('GET', '/api/pve/connections', { token: w.api.adminToken })
    expect(list.body).not.toContain(w.fake.rootToken.secret)
    const { sqlite } = w.api.core.services.db
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const dir = dirname(w.api.core.dbPath)
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('proxdesk.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('')
    expect(bytes.includes(w.fake.rootToken.secret)).toBe(false)
  })

  it('validates connection input and refuses to delete a connection in use', async () => {
    const w = await world()
    for (const [body, field] of [
      [{ name: 'x', base_url: 'http://pve:8006', token_id: 'root@pam!tk', token_secret: 's' }, 'base_url'],
      [{ name: 'x', base_url: 'https://pve:8006', token_id: 'root!tk', token_secret: 's' }, 'token_id'],
      [{ name: 'x', base_url: 'https://pve:8006', token_id: 'root@pam!tk' }, 'token_secret'],
      [{ name: 'x', base_url: 'https://pve:8006' }, 'token_id'],
      [{ name: 'x', base_url: 'https://pve:8006', username: 'root@pam', password: 'pw', fingerprint: 'AB:CD' }, 'fingerprint'],
    ] as const) {
      const response = await w.api.request('POST', '/api/pve/connections', { token: w.api.adminToken, body })
      expect(response.status, field).toBe(400)
      expect(response.json.error.fields, field).toHaveProperty(field)
    }
    expect((await w.api.request('DELETE', `/api/pve/connections/${w.connectionId}`, { token: w.api.adminToken })).status).toBe(409)
  })
})

describe('plans', () => {
  const world = usePveWorld()

  it('checks that pools are of the right kind and that NAT plans have a port pool', async () => {
    const w = await world()
    const base = { name: 'p2', connection_id: w.connectionId, pve_node: 'pve1', network_mode: 'bridged', bridge: 'vmbr0', storage: 'local-lvm', cores: 1, memory_mb: 256, disk_gb: 4, templates: ['local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'] }
    const swapped = await w.api.request('POST', '/api/plans', { token: w.api.adminToken, body: { ...base, ip_pool_id: w.vmidPoolId, vmid_pool_id: w.ipPoolId } })
    expect(swapped.status).toBe(400)
    expect(swapped.json.error.fields).toHaveProperty('ip_pool_id')
    const nat = await w.api.request('POST', '/api/plans', { token: w.api.adminToken, body: { ...base, network_mode: 'nat', ip_pool_id: w.ipPoolId, vmid_pool_id: w.vmidPoolId } })
    expect(nat.status).toBe(400)
    expect(nat.json.error.fields).toHaveProperty('port_pool_id')
    const plan = await w.admin('POST', '/api/plans', { ...base, ip_pool_id: w.ipPoolId, vmid_pool_id: w.vmidPoolId }, 201)
    expect(plan).toMatchObject({ swap_mode: 'none', nesting: false, onboot: true, cpuunits: 1024 })
    const updated = await w.admin('PUT', `/api/plans/${plan.id}`, { memory_mb: 1024 }, 200)
    expect(updated).toMatchObject({ memory_mb: 1024, onboot: true })
    expect((await w.api.request('DELETE', `/api/plans/${w.planId}`, { token: w.api.adminToken })).status).toBe(204)
  })
})
