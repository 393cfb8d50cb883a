import { afterEach } from 'vitest'
import pino from 'pino'
import { buildHttpServer, type HttpServer } from '../../src-main/server/httpServer'
import { openTestCore, type TestCore, type TestCoreOptions } from './testServices'
import { useTempDir } from './tempDir'

export interface ApiResponse {
  status: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
  json: any
}

export interface TestApi {
  core: TestCore
  app: HttpServer
  request(method: string, url: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; ip?: string }): Promise<ApiResponse>
  /** Creates a user through the admin API and logs it in. */
  userToken(username: string, fields?: Record<string, unknown>): Promise<{ token: string; id: number; proxy_password: string; sub_token: string }>
  adminToken: string
}

/** A real SQLite file, the real services and the real Fastify routes, called with inject (no socket). */
export function useTestApi(options: Pick<TestCoreOptions, 'throttle' | 'upstreamTimeoutMs' | 'undoRetryDelaysMs'> = {}): () => Promise<TestApi> {
  const tempDir = useTempDir()
  let api: TestApi | undefined
  afterEach(async () => {
    if (api) {
      await api.app.close()
      api.core.close()
    }
    api = undefined
  })
  return async () => {
    const core = openTestCore(tempDir(), options)
    const app = buildHttpServer({ services: core.services, logger: pino({ level: 'silent' }) })
    await app.ready()
    const request: TestApi['request'] = async (method, url, opts = {}) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) }
      if (opts.token) headers.authorization = `Bearer ${opts.token}`
      let payload: string | undefined
      if (opts.rawBody !== undefined) payload = opts.rawBody
      else if (opts.body !== undefined) {
        payload = JSON.stringify(opts.body)
        headers['content-type'] ??= 'application/json'
      }
      const response = await app.inject({ method: method as 'GET', url, headers, payload, remoteAddress: opts.ip ?? '203.0.113.10' })
      let json: unknown
      try {
        json = response.body ? JSON.parse(response.body) : undefined
      } catch {
        json = undefined
      }
      return { status: response.statusCode, headers: response.headers, body: response.body, json }
    }
    const bootstrap = await core.services.dispatcher.call(
      'users.create',
      { username: 'root', password: 'root-password', permission: 'admin' },
      { ip: null, trustedActor: { id: null, username: 'test', permission: 'admin' } },
    )
    if (!bootstrap.ok) throw new Error(bootstrap.error.message)
    const login = await request('POST', '/api/login', { body: { username: 'root', password: 'root-password' } })
    const adminToken = login.json.token as string
    const userToken: TestApi['userToken'] = async (username, fields = {}) => {
      const created = await request('POST', '/api/users', { token: adminToken, body: { username, password: `${username}-password`, ...fields } })
      if (created.status !== 201) throw new Error(`cannot create ${username}: ${created.body}`)
      const session = await request('POST', '/api/login', { body: { username, password: `${username}-password` } })
      return { token: session.json?.token, id: created.json.id, proxy_password: created.json.proxy_password, sub_token: created.json.sub_token }
    }
    api = { core, app, request, userToken, adminToken }
    return api
  }
}
