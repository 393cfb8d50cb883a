import { describe, expect, it } from 'vitest'
import { useTestApi, type TestApi } from '../helpers/testApi'

type Case = {
  name: string
  method: string
  url: string | ((ids: Ids) => string)
  body?: unknown
  rawBody?: string
  contentType?: string
  status: number
  field?: string
  as?: 'admin' | 'anonymous'
}
type Ids = { userId: number; nodeId: number }

const TOO_LONG = 'x'.repeat(65)
const SQL = "a' OR '1'='1'; DROP TABLE users; --"

const cases: Case[] = [
  { name: 'username of the wrong type', method: 'POST', url: '/api/users', body: { username: 42, password: 'long-enough' }, status: 400, field: 'username' },
  { name: 'missing password', method: 'POST', url: '/api/users', body: { username: 'newbie' }, status: 400, field: 'password' },
  { name: 'over-long username', method: 'POST', url: '/api/users', body: { username: TOO_LONG, password: 'long-enough' }, status: 400, field: 'username' },
  { name: 'SQL in a username', method: 'POST', url: '/api/users', body: { username: SQL, password: 'long-enough' }, status: 400, field: 'username' },
  { name: 'unknown field', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'long-enough', is_admin: true }, status: 400, field: 'is_admin' },
  { name: 'unknown permission', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'long-enough', permission: 'root' }, status: 400, field: 'permission' },
  { name: 'negative expiry', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'long-enough', proxy_expire_ts: -1 }, status: 400, field: 'proxy_expire_ts' },
  { name: 'expiry as a string', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'long-enough', proxy_expire_ts: '1900000000' }, status: 400, field: 'proxy_expire_ts' },
  { name: 'is_active as a word', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'long-enough', is_active: 'yes' }, status: 400, field: 'is_active' },
  { name: 'short password', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'short' }, status: 400, field: 'password' },
  { name: 'proxy password with a space', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'long-enough', proxy_password: 'has a space' }, status: 400, field: 'proxy_password' },
  { name: 'md5 that is not hex', method: 'POST', url: '/api/users', body: { username: 'newbie', login_password_md5: 'z'.repeat(32) }, status: 400, field: 'login_password_md5' },
  { name: 'password and md5 together', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'long-enough', login_password_md5: 'a'.repeat(32) }, status: 400, field: 'login_password_md5' },
  { name: 'body that is an array', method: 'POST', url: '/api/users', body: [{ username: 'newbie' }], status: 400, field: 'body' },
  { name: 'body that is not JSON', method: 'POST', url: '/api/users', rawBody: '{"username": "newbie",', contentType: 'application/json', status: 400, field: 'body' },
  { name: 'body of the wrong media type', method: 'POST', url: '/api/users', rawBody: 'username=newbie', contentType: 'text/plain', status: 415 },
  { name: 'oversized body', method: 'POST', url: '/api/users', body: { username: 'newbie', password: 'x'.repeat(70_000) }, status: 413 },
  { name: 'non-numeric id', method: 'PUT', url: '/api/users/abc', body: { is_active: false }, status: 400, field: 'id' },
  { name: 'id repeated in the body', method: 'PUT', url: ({ userId }) => `/api/users/${userId}`, body: { id: 1, is_active: false }, status: 400, field: 'id' },
  { name: 'SQL in a path id', method: 'DELETE', url: `/api/users/1%20OR%201=1`, status: 400, field: 'id' },
  { name: 'page zero', method: 'GET', url: '/api/users?page=0', status: 400, field: 'page' },
  { name: 'page size over the limit', method: 'GET', url: '/api/users?page_size=1000', status: 400, field: 'page_size' },
  { name: 'unknown query parameter', method: 'GET', url: '/api/users?order=1', status: 400, field: 'order' },
  { name: 'boolean query of a wrong word', method: 'GET', url: '/api/users?is_active=maybe', status: 400, field: 'is_active' },
  { name: 'repeated query parameter', method: 'GET', url: '/api/users?q=a&q=b', status: 400, field: 'q' },
  { name: 'invalid IPv4', method: 'POST', url: '/api/nodes', body: { ip_address: '999.1.1.1', server_group: 'hk' }, status: 400, field: 'ip_address' },
  { name: 'SQL in an ip address', method: 'POST', url: '/api/nodes', body: { ip_address: `192.0.2.1${SQL}`, server_group: 'hk' }, status: 400, field: 'ip_address' },
  { name: 'missing ip address', method: 'POST', url: '/api/nodes', body: { server_group: 'hk' }, status: 400, field: 'ip_address' },
  { name: 'invalid domain', method: 'POST', url: '/api/nodes', body: { ip_address: '192.0.2.1', domain: 'bad_domain!', server_group: 'hk' }, status: 400, field: 'domain' },
  { name: 'port out of range', method: 'POST', url: '/api/nodes', body: { ip_address: '192.0.2.1', server_group: 'hk', port: 70000 }, status: 400, field: 'port' },
  { name: 'fractional port', method: 'POST', url: '/api/nodes', body: { ip_address: '192.0.2.1', server_group: 'hk', port: 1.5 }, status: 400, field: 'port' },
  { name: 'empty group', method: 'POST', url: '/api/nodes', body: { ip_address: '192.0.2.1', server_group: '' }, status: 400, field: 'server_group' },
  { name: 'SQL in a group', method: 'POST', url: '/api/nodes', body: { ip_address: '192.0.2.1', server_group: SQL }, status: 400, field: 'server_group' },
  { name: 'salamander under 4 bytes', method: 'POST', url: '/api/nodes', body: { ip_address: '192.0.2.1', server_group: 'hk', salamander: 'abc' }, status: 400, field: 'salamander' },
  { name: 'negative fee', method: 'POST', url: '/api/nodes', body: { ip_address: '192.0.2.1', server_group: 'hk', fee: -1 }, status: 400, field: 'fee' },
  { name: 'node update with a bad address', method: 'PUT', url: ({ nodeId }) => `/api/nodes/${nodeId}`, body: { ip_address: '2001:db8:::1' }, status: 400, field: 'ip_address' },
  { name: 'expiry filter not a number', method: 'GET', url: '/api/nodes?expire_before=soon', status: 400, field: 'expire_before' },
  { name: 'group path too long', method: 'POST', url: `/api/node-groups/${TOO_LONG}/node-key`, status: 400, field: 'server_group' },
  { name: 'login without password', method: 'POST', url: '/api/login', body: { username: 'root' }, status: 400, field: 'password', as: 'anonymous' },
  { name: 'login with an over-long username', method: 'POST', url: '/api/login', body: { username: TOO_LONG, password: 'x' }, status: 400, field: 'username', as: 'anonymous' },
  { name: 'proxy auth with a numeric auth', method: 'POST', url: '/api/proxy/auth/somekey', body: { addr: '1.2.3.4:5', auth: 7, tx: 0 }, status: 400, field: 'auth', as: 'anonymous' },
  { name: 'unknown route', method: 'GET', url: '/api/nothing-here', status: 404 },
]

/** Every row of every table, so a rejected call can be shown to have written nothing at all. */
function snapshot(t: TestApi): string {
  const sqlite = t.core.services.db.sqlite
  const tables = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]
  return JSON.stringify(tables.map((name) => [name, sqlite.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]))
}

describe('bad input', () => {
  const api = useTestApi()

  it('is refused with the right status, names the field, and leaves the database untouched', async () => {
    const t = await api()
    const user = await t.request('POST', '/api/users', { token: t.adminToken, body: { username: 'existing', password: 'long-enough' } })
    const node = await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: '192.0.2.200', server_group: 'base' } })
    const ids: Ids = { userId: user.json.id, nodeId: node.json.id }
    const before = snapshot(t)
    for (const c of cases) {
      const url = typeof c.url === 'function' ? c.url(ids) : c.url
      const response = await t.request(c.method, url, {
        token: c.as === 'anonymous' ? undefined : t.adminToken,
        body: c.body,
        rawBody: c.rawBody,
        headers: c.contentType ? { 'content-type': c.contentType } : undefined,
      })
      expect(response.status, c.name).toBe(c.status)
      expect(response.json?.error?.code, c.name).toEqual(expect.any(String))
      if (c.field) expect(response.json.error.fields, c.name).toHaveProperty([c.field])
      expect(snapshot(t), c.name).toBe(before)
    }
  })
})
