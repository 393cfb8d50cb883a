// The auth route's node:http fast path (src-main/server/proxyAuthFastPath.ts) must answer exactly as the Fastify
// route does: each request here goes once over a socket (the fast path) and once through Fastify's inject, and
// the status, body, headers and audit entry must be the same.
import { Agent, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildHttpServer, type HttpServer } from '../../src-main/server/httpServer'
import { openTestCore, type TestCore } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'

const COMPARED_HEADERS = ['content-type', 'content-length', 'cache-control', 'retry-after', 'connection'] as const

interface Answer {
  status: number
  body: string
  headers: Record<string, string | undefined>
}

function pick(headers: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(COMPARED_HEADERS.map((name) => [name, headers[name] === undefined ? undefined : String(headers[name])]))
}

/** Keep-alive, as Hysteria's Go client: a server's `connection: close` is then its own choice. */
const keepAlive = new Agent({ keepAlive: true })

function overSocket(port: number, path: string, body: string, headers: Record<string, string>, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, agent: keepAlive }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, body: text, headers: pick(response.headers) }))
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

describe('proxy auth fast path', () => {
  const tempDir = useTempDir()
  let core: TestCore | undefined
  let app: HttpServer | undefined
  afterEach(async () => {
    keepAlive.destroy()
    await app?.close()
    core?.close()
    app = undefined
    core = undefined
  })

  async function start() {
    core = openTestCore(tempDir())
    app = buildHttpServer({ services: core.services, logger: pino({ level: 'silent' }), rendererDir: null })
    // Counts what reaches Fastify at all: the fast path's requests never do.
    let fastifyRequests = 0
    app.addHook('onRequest', (_request, _reply, done) => {
      fastifyRequests++
      done()
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const admin = { ip: null, trustedActor: { id: null, username: 'test', permission: 'admin' as const } }
    const created = await core.services.dispatcher.call('nodes.create', { ip_address: '192.0.2.1', server_group: 'hk', salamander: 'obfs-hk' }, admin)
    expect(created.ok).toBe(true)
    const user = await core.services.dispatcher.call('users.create', { username: 'alice', password: 'alice-password', proxy_password: 'alice-proxy-pass' }, admin)
    expect(user.ok).toBe(true)
    const groups = await core.services.dispatcher.call('nodeGroups.list', {}, admin)
    const nodeKey = (groups.ok ? (groups.data as { items: Array<{ node_key: string }> }).items[0]!.node_key : '') as string
    const port = (app.server.address() as AddressInfo).port
    const lastAudit = () => {
      const entry = core!.services.audit.list({ page: 1, page_size: 1 }).items[0]
      return entry && { ...entry, id: undefined }
    }
    return { port, nodeKey, lastAudit, fastifyRequests: () => fastifyRequests }
  }

  it('answers every kind of request exactly as the Fastify route does, without reaching Fastify', async () => {
    const { port, nodeKey, lastAudit, fastifyRequests } = await start()
    const json = (value: unknown) => JSON.stringify(value)
    const cases: Array<[string, string]> = [
      ['valid', json({ addr: '203.0.113.9:51234', auth: 'alice:alice-proxy-pass', tx: 12_500_000 })],
      ['wrong password', json({ addr: '203.0.113.9:51234', auth: 'alice:nope', tx: 0 })],
      ['unknown user', json({ addr: '203.0.113.9:51234', auth: 'nobody:alice-proxy-pass' })],
      ['malformed auth', json({ addr: '[2001:db8::7]:443', auth: 'no-colon' })],
      ['a field a newer Hysteria adds', json({ addr: '203.0.113.9:1', auth: 'alice:alice-proxy-pass', future_field: [1] })],
      ['non-ASCII password', json({ addr: '203.0.113.9:1', auth: 'alice:pässwörd' })],
      ['invalid JSON', '{"addr": "203.0.113.9:1", "auth": '],
      ['prototype poisoning', '{"addr": "203.0.113.9:1", "auth": "alice:x", "__proto__": {"admin": true}}'],
      ['constructor poisoning', '{"addr": "203.0.113.9:1", "auth": "alice:x", "constructor": {"prototype": {"admin": true}}}'],
      ['a JSON array', '[1, 2]'],
      ['a JSON string', '"alice:alice-proxy-pass"'],
      ['JSON null', 'null'],
      ['missing fields', json({ tx: 1 })],
      ['wrong types', json({ addr: 5, auth: 'alice:alice-proxy-pass', tx: 'fast' })],
      ['an over-long auth string', json({ addr: '203.0.113.9:1', auth: `alice:${'x'.repeat(600)}` })],
      ['the node key repeated in the body', json({ addr: '203.0.113.9:1', auth: 'alice:alice-proxy-pass', node_key: nodeKey })],
    ]
    for (const nodeKeyInPath of [nodeKey, 'an-unknown-node-key']) {
      for (const [label, body] of cases) {
        const path = `/api/proxy/auth/${nodeKeyInPath}`
        const viaFastPath = await overSocket(port, path, body, { 'content-type': 'application/json' })
        const auditFast = lastAudit()
        const injected = await app!.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json' }, remoteAddress: '127.0.0.1' })
        const viaFastify: Answer = { status: injected.statusCode, body: injected.body, headers: pick(injected.headers) }
        expect(viaFastPath, `${label} (${nodeKeyInPath === nodeKey ? 'known' : 'unknown'} node key)`).toEqual(viaFastify)
        expect(lastAudit(), `${label}: audit entry`).toEqual(auditFast)
      }
    }
    expect(fastifyRequests()).toBe(2 * cases.length)
  })

  it('answers as the Fastify route when the handler throws or answers asynchronously', async () => {
    const { port, nodeKey } = await start()
    const path = `/api/proxy/auth/${nodeKey}`
    const body = JSON.stringify({ addr: '203.0.113.9:1', auth: 'alice:alice-proxy-pass' })
    const bothWays = async () => {
      const viaFastPath = await overSocket(port, path, body, { 'content-type': 'application/json' })
      const injected = await app!.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json' }, remoteAddress: '127.0.0.1' })
      return { viaFastPath, viaFastify: { status: injected.statusCode, body: injected.body, headers: pick(injected.headers) } }
    }
    const authenticate = vi.spyOn(core!.services.proxyAuth, 'authenticate')
    authenticate.mockImplementation(() => {
      throw new Error('a bug in the handler')
    })
    const thrown = await bothWays()
    expect(thrown.viaFastPath).toMatchObject({ status: 500, body: expect.stringContaining('"code":"INTERNAL"') })
    expect(thrown.viaFastPath).toEqual(thrown.viaFastify)
    // The contract's handler for proxy.auth is synchronous; an async one must still be answered, through the promise.
    authenticate.mockImplementation((() => Promise.resolve({ ok: true, id: 'alice' })) as never)
    const later = await bothWays()
    expect(later.viaFastPath).toMatchObject({ status: 200, body: '{"ok":true,"id":"alice"}' })
    expect(later.viaFastPath).toEqual(later.viaFastify)
  })

  it('leaves every other request to Fastify, which answers it as before', async () => {
    const { port, nodeKey, fastifyRequests } = await start()
    const body = JSON.stringify({ addr: '203.0.113.9:1', auth: 'alice:alice-proxy-pass' })
    const charset = await overSocket(port, `/api/proxy/auth/${nodeKey}`, body, { 'content-type': 'application/json; charset=utf-8' })
    expect(charset).toMatchObject({ status: 200, body: '{"ok":true,"id":"alice"}' })
    const query = await overSocket(port, `/api/proxy/auth/${nodeKey}?source=node`, body, { 'content-type': 'application/json' })
    expect(query).toMatchObject({ status: 200, body: '{"ok":true,"id":"alice"}' })
    const plainText = await overSocket(port, `/api/proxy/auth/${nodeKey}`, body, { 'content-type': 'text/plain' })
    expect(plainText.status).toBe(415)
    const tooLarge = await overSocket(port, `/api/proxy/auth/${nodeKey}`, JSON.stringify({ addr: 'x', auth: 'y'.repeat(70_000) }), { 'content-type': 'application/json' })
    expect(tooLarge.status).toBe(413)
    const get = await overSocket(port, `/api/proxy/auth/${nodeKey}`, '', {}, 'GET')
    expect(get.status).toBe(404)
    expect(fastifyRequests()).toBe(5)
    // Fastify's router refuses an over-long segment before any hook runs; the fast path would have said ok:false.
    const longSegment = await overSocket(port, `/api/proxy/auth/${'k'.repeat(101)}`, body, { 'content-type': 'application/json' })
    expect(longSegment).toMatchObject({ status: 400, body: expect.stringContaining('"code":"VALIDATION"') })
  })

  it('keeps the server emitting upgrade requests for WebSocket routes', async () => {
    const { port } = await start()
    const upgraded = new Promise<string>((resolve) =>
      app!.server.prependListener('upgrade', (request, socket) => {
        resolve(request.url!)
        socket.destroy()
      }),
    )
    const outgoing = httpRequest({ host: '127.0.0.1', port, path: '/upgrade-probe', headers: { connection: 'Upgrade', upgrade: 'websocket' }, agent: false })
    outgoing.on('error', () => {})
    outgoing.end()
    expect(await upgraded).toBe('/upgrade-probe')
  })
})
