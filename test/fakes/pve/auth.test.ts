import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakePve, type FakePve } from './index'
import { pveTestClient, rootTokenOf, type Credentials, type PveTestClient } from './pveTestClient'

const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'

describe('fake PVE: authentication and permissions', () => {
  let nowMs = Date.UTC(2026, 5, 1, 12, 0, 0)
  let fake: FakePve
  let client: PveTestClient
  let root: Credentials

  beforeAll(async () => {
    fake = await startFakePve({ now: () => nowMs, taskDurationMs: 5 })
    client = pveTestClient(fake)
    root = rootTokenOf(fake)
    const created = await client.call('POST', '/nodes/pve1/lxc', { params: { vmid: 105, ostemplate: TEMPLATE, rootfs: 'local-lvm:8' } })
    expect(await client.waitForTask(created.json.data)).toMatchObject({ exitstatus: 'OK' })
  })

  afterAll(async () => {
    await client.close()
    await fake.close()
  })

  it('accepts the root API token in both header spellings, without CSRF token', async () => {
    const header = `PVEAPIToken ${fake.rootToken.tokenId}=${fake.rootToken.secret}`
    expect((await client.call('GET', '/version', { as: { kind: 'none' }, headers: { authorization: header } })).status).toBe(200)
    const write = await client.call('POST', '/access/roles', { params: { roleid: 'Viewer', privs: 'VM.Audit' } })
    expect(write.status).toBe(200)
  })

  it('answers bad credentials with 401, the reason in the status line and no body', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'No ticket'],
      [{ authorization: `PVEAPIToken=${fake.rootToken.tokenId}=wrong` }, 'invalid token value!'],
      [{ authorization: 'PVEAPIToken=root@pam!nope=x' }, "no such token 'nope' for user 'root@pam'"],
      [{ authorization: 'PVEAPIToken=root@pam' }, 'no tokenid specified'],
      [{ cookie: 'PVEAuthCookie=PVE:root@pam:6650A1B2::forged' }, 'permission denied - invalid PVE ticket'],
    ]
    for (const [headers, reason] of cases) {
      const reply = await client.call('GET', '/nodes', { as: { kind: 'none' }, headers })
      expect([reply.status, reply.statusText, reply.body]).toEqual([401, reason, ''])
    }
  })

  it('logs in with a password and returns ticket, CSRF token and capabilities', async () => {
    const reply = await client.call('POST', '/access/ticket', { params: { username: 'root', realm: 'pam', password: fake.rootPassword }, as: { kind: 'none' } })
    expect(reply.status).toBe(200)
    expect(reply.json.data).toMatchObject({ username: 'root@pam', cap: { vms: expect.objectContaining({ 'VM.Allocate': 1 }) } })
    expect(reply.json.data.ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::\S+$/)
    expect(reply.json.data.CSRFPreventionToken).toMatch(/^[0-9A-F]{8}:\S+$/)
    const wrong = await client.call('POST', '/access/ticket', { params: { username: 'root@pam', password: 'nope' }, as: { kind: 'none' } })
    expect([wrong.status, wrong.statusText, wrong.json]).toEqual([401, 'authentication failure', { data: null, message: 'authentication failure\n' }])
  })

  it('requires the CSRF token for writes with a ticket, in the cookie or the Authorization header', async () => {
    const session = await client.login('root@pam', fake.rootPassword)
    expect((await client.call('GET', '/nodes', { as: { kind: 'ticket', ticket: session.ticket } })).status).toBe(200)
    const withoutCsrf = await client.call('POST', '/access/roles', { params: { roleid: 'NoCsrf' }, as: { kind: 'ticket', ticket: session.ticket } })
    expect([withoutCsrf.status, withoutCsrf.statusText]).toEqual([401, 'Permission denied - invalid csrf token'])
    const viaHeader = await client.call('POST', '/access/roles', {
      params: { roleid: 'WithCsrf' },
      as: { kind: 'none' },
      headers: { authorization: `PVEAuthCookie=${session.ticket}`, csrfpreventiontoken: session.csrf! },
    })
    expect(viaHeader.status).toBe(200)
  })

  it('lets tickets expire after two hours unless renewed with the ticket as password', async () => {
    const session = await client.login('root@pam', fake.rootPassword)
    nowMs += 2 * 3600_000 - 60_000
    const renewed = await client.call('POST', '/access/ticket', { params: { username: 'root@pam', password: session.ticket }, as: { kind: 'none' } })
    expect(renewed.status).toBe(200)
    nowMs += 120_000
    const expired = await client.call('GET', '/nodes', { as: session })
    expect([expired.status, expired.statusText]).toEqual([401, 'permission denied - invalid PVE ticket'])
    expect((await client.call('GET', '/nodes', { as: { kind: 'ticket', ticket: renewed.json.data.ticket } })).status).toBe(200)
  })

  it('refuses API tokens on endpoints with allowtoken=0', async () => {
    const reply = await client.call('POST', '/access/ticket', { params: { username: 'root@pam', password: fake.rootPassword }, as: root })
    expect(reply.status).toBe(403)
    expect(reply.statusText).toBe("Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.")
  })

  it('grants users what their ACL roles give on /vms/<vmid>', async () => {
    await client.call('POST', '/access/users', { params: { userid: 'alice@pve', password: 'alice-password' } })
    const alice = await client.login('alice@pve', 'alice-password')
    expect((await client.call('GET', '/nodes/pve1/lxc', { as: alice })).json.data).toEqual([])
    const denied = await client.call('GET', '/nodes/pve1/lxc/105/status/current', { as: alice })
    expect([denied.status, denied.statusText]).toEqual([403, 'Permission check failed (/vms/105, VM.Audit)'])

    expect((await client.call('PUT', '/access/acl', { params: { path: '/vms/105', roles: 'PVEVMUser', users: 'alice@pve' } })).status).toBe(200)
    expect((await client.call('GET', '/nodes/pve1/lxc/105/status/current', { as: alice })).json.data).toMatchObject({ vmid: 105 })
    expect((await client.call('POST', '/nodes/pve1/lxc/105/termproxy', { as: alice })).status).toBe(200)
    const destroy = await client.call('DELETE', '/nodes/pve1/lxc/105', { as: alice })
    expect([destroy.status, destroy.statusText]).toEqual([403, 'Permission check failed (/vms/105, VM.Allocate)'])
    const permissions = await client.call('GET', '/access/permissions', { params: { path: '/vms/105' }, as: alice })
    expect(permissions.json.data['/vms/105']).toMatchObject({ 'VM.Console': 1, 'VM.PowerMgmt': 1, 'VM.Audit': 1 })
    expect(permissions.json.data['/vms/105']['VM.Allocate']).toBeUndefined()
  })

  it('applies custom roles and lets NoAccess override inherited rights', async () => {
    await client.call('POST', '/access/users', { params: { userid: 'bob@pve', password: 'bob-password' } })
    await client.call('POST', '/access/roles', { params: { roleid: 'CTConsole', privs: 'VM.Console,VM.Audit' } })
    await client.call('PUT', '/access/acl', { params: { path: '/vms', roles: 'CTConsole', users: 'bob@pve' } })
    const bob = await client.login('bob@pve', 'bob-password')
    expect((await client.call('POST', '/nodes/pve1/lxc/105/vncproxy', { as: bob })).status).toBe(200)
    const start = await client.call('POST', '/nodes/pve1/lxc/105/status/start', { as: bob })
    expect([start.status, start.statusText]).toEqual([403, 'Permission check failed (/vms/105, VM.PowerMgmt)'])
    await client.call('PUT', '/access/acl', { params: { path: '/vms/105', roles: 'NoAccess', users: 'bob@pve' } })
    expect((await client.call('POST', '/nodes/pve1/lxc/105/vncproxy', { as: bob })).status).toBe(403)
    expect((await client.call('GET', '/access/acl')).json.data).toContainEqual({ path: '/vms', type: 'user', ugid: 'bob@pve', roleid: 'CTConsole', propagate: 1 })
  })

  it('limits privilege-separated tokens to what both the token and its user may do', async () => {
    const created = await client.call('POST', '/access/users/alice@pve/token/ci')
    expect(created.json.data).toMatchObject({ 'full-tokenid': 'alice@pve!ci', info: { privsep: 1 } })
    const token: Credentials = { kind: 'token', tokenId: 'alice@pve!ci', secret: created.json.data.value }
    expect((await client.call('GET', '/nodes/pve1/lxc/105/status/current', { as: token })).status).toBe(403)
    await client.call('PUT', '/access/acl', { params: { path: '/vms/105', roles: 'PVEVMAdmin', tokens: 'alice@pve!ci' } })
    expect((await client.call('GET', '/nodes/pve1/lxc/105/status/current', { as: token })).status).toBe(200)
    const beyondUser = await client.call('DELETE', '/nodes/pve1/lxc/105', { as: token })
    expect([beyondUser.status, beyondUser.statusText]).toEqual([403, 'Permission check failed (/vms/105, VM.Allocate)'])
  })

  it('locks out disabled users, and keeps feature flags other than nesting for root@pam alone', async () => {
    const alice = await client.login('alice@pve', 'alice-password')
    await client.call('PUT', '/access/users/alice@pve', { params: { enable: 0 } })
    const reply = await client.call('GET', '/nodes', { as: alice })
    expect([reply.status, reply.statusText]).toEqual([401, "user 'alice@pve' is disabled"])

    const viaToken = await client.call('PUT', '/nodes/pve1/lxc/105/config', { params: { features: 'nesting=1,keyctl=1' } })
    expect([viaToken.status, viaToken.statusText]).toEqual([403, 'Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)'])
    expect((await client.call('PUT', '/nodes/pve1/lxc/105/config', { params: { features: 'nesting=1' } })).status).toBe(200)
    const rootSession = await client.login('root@pam', fake.rootPassword)
    expect((await client.call('PUT', '/nodes/pve1/lxc/105/config', { params: { features: 'nesting=1,keyctl=1' }, as: rootSession })).status).toBe(200)
  })
})

describe('fake PVE: auth failure delay', () => {
  it('delays 401 answers only when asked to', async () => {
    const fake = await startFakePve({ authFailureDelayMs: 100 })
    const client = pveTestClient(fake)
    try {
      const started = performance.now()
      const reply = await client.call('GET', '/nodes', { as: { kind: 'none' } })
      expect(reply.status).toBe(401)
      expect(performance.now() - started).toBeGreaterThanOrEqual(95)
    } finally {
      await client.close()
      await fake.close()
    }
  })
})
