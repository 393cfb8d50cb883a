import { describe, expect, it } from 'vitest'
import { deactivateExpired } from '../../src-main/core/expiry/expiryJob'
import { useTestApi } from '../helpers/testApi'

describe('expiry job', () => {
  const api = useTestApi()

  it('deactivates users and node records whose expiry has passed, ends their sessions and audits each', async () => {
    const t = await api()
    const now = t.core.clock.now()
    const expired = await t.userToken('expired', { proxy_expire_ts: now + 60 })
    await t.userToken('forever')
    await t.userToken('zero', { proxy_expire_ts: 0 })
    await t.userToken('later', { proxy_expire_ts: now + 3600 })
    for (const [ip, group, expire] of [
      ['192.0.2.1', 'old', now + 60],
      ['192.0.2.2', 'old', now + 60],
      ['192.0.2.3', 'new', now + 3600],
      ['192.0.2.4', 'never', null],
    ] as const) {
      await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: ip, server_group: group, expire_ts: expire } })
    }
    const { services, clock } = t.core
    expect(deactivateExpired(services.db, services.audit, clock)).toEqual({ users: [], nodes: [] })
    clock.advance(60)
    const sweep = deactivateExpired(services.db, services.audit, clock)
    expect(sweep.users).toEqual(['expired'])
    expect(sweep.nodes).toHaveLength(2)
    const active = services.db.sqlite.prepare('SELECT username FROM users WHERE is_active = 1 ORDER BY id').pluck().all()
    expect(active).toEqual(['root', 'forever', 'zero', 'later'])
    const activeNodes = services.db.sqlite.prepare('SELECT server_group FROM node_server WHERE is_active = 1 ORDER BY id').pluck().all()
    expect(activeNodes).toEqual(['new', 'never'])
    expect((await t.request('GET', '/api/users/me', { token: expired.token })).status).toBe(401)
    const audit = services.audit.list({ page: 1, page_size: 10, kind: 'expiry.deactivate' })
    expect(audit.total).toBe(3)
    expect(audit.items.map((e) => e.target_type).sort()).toEqual(['node', 'node', 'user'])
    expect(deactivateExpired(services.db, services.audit, clock)).toEqual({ users: [], nodes: [] })
  })
})
