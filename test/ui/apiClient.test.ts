// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { AppError, type Result } from '@shared/errors'
import { createApiClient } from '../../src-renderer/src/api/client'
import { buildRequest, httpTransport } from '../../src-renderer/src/api/httpTransport'
import { ipcTransport } from '../../src-renderer/src/api/ipcTransport'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

describe('HTTP transport', () => {
  it('builds method, path and query from the contract binding', () => {
    expect(buildRequest('users.list', { page: 2, page_size: 50, q: 'al', is_active: false, permission: undefined })).toEqual({
      method: 'GET',
      url: '/api/users?page=2&page_size=50&q=al&is_active=false',
    })
    expect(buildRequest('users.update', { id: 7, is_active: true }, 'http://h')).toEqual({ method: 'PUT', url: 'http://h/api/users/7', body: '{"is_active":true}' })
    expect(buildRequest('nodeGroups.rotateKey', { server_group: 'hk 1/a' })).toEqual({ method: 'POST', url: '/api/node-groups/hk%201%2Fa/node-key', body: '{}' })
    expect(buildRequest('users.delete', { id: 3 })).toEqual({ method: 'DELETE', url: '/api/users/3' })
  })

  it('sends the bearer token and returns the parsed body', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { items: [], total: 0 }))
    const client = createApiClient('http', httpTransport({ baseUrl: '', token: () => 'tok-123', fetch }))
    await expect(client.call('users.list', { page: 1 })).resolves.toEqual({ items: [], total: 0 })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/users?page=1')
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok-123')
    expect((init.headers as Record<string, string>)['content-type']).toBeUndefined()
  })

  it('answers null for 204 and sends JSON bodies with a content type', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }))
    const client = createApiClient('http', httpTransport({ baseUrl: '', token: () => null, fetch }))
    await expect(client.call('auth.logout', {})).resolves.toBeNull()
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json')
    expect((init.headers as Record<string, string>).authorization).toBeUndefined()
  })

  it('rehydrates server errors as AppError with fields, and reports lost sessions', async () => {
    const fetch = vi.fn(async () => jsonResponse(400, { error: { code: 'VALIDATION', message: 'username: taken', fields: { username: 'username is already taken' } } }))
    const onUnauthenticated = vi.fn()
    const client = createApiClient('http', httpTransport({ baseUrl: '', token: () => 't', fetch }), onUnauthenticated)
    const error = await client.call('users.create', { username: 'bob', password: 'bob-password' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'VALIDATION', fields: { username: 'username is already taken' } })

    fetch.mockImplementation(async () => jsonResponse(401, { error: { code: 'UNAUTHENTICATED', message: 'log in first' } }))
    await expect(client.call('users.me', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(onUnauthenticated).toHaveBeenCalledOnce()
    // A wrong password is not a lost session.
    await expect(client.call('auth.login', { username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(onUnauthenticated).toHaveBeenCalledOnce()
  })

  it('keeps Retry-After data, and turns HTML error pages and network failures into AppErrors', async () => {
    const fetch = vi.fn(async () => jsonResponse(429, { error: { code: 'THROTTLED', message: 'slow down', retry_after_seconds: 30 } }))
    const client = createApiClient('http', httpTransport({ baseUrl: '', token: () => null, fetch }))
    await expect(client.call('auth.login', { username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'THROTTLED', retryAfterSeconds: 30 })
    fetch.mockImplementation(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    await expect(client.call('users.me', {})).rejects.toMatchObject({ code: 'INTERNAL', message: 'HTTP 502 Bad Gateway' })
    fetch.mockImplementation(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(client.call('users.me', {})).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE' })
  })
})

describe('IPC transport', () => {
  it('passes operation and input to the preload bridge and unwraps the Result', async () => {
    const invoke = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, data: { items: [], total: 0 } }))
    const client = createApiClient('ipc', ipcTransport({ invoke }))
    await expect(client.call('nodeGroups.list', {})).resolves.toEqual({ items: [], total: 0 })
    expect(invoke).toHaveBeenCalledWith('nodeGroups.list', {})
  })

  it('rehydrates errors sent as data and turns a rejected invoke into INTERNAL', async () => {
    const invoke = vi.fn(async (): Promise<Result<unknown>> => ({ ok: false, error: { code: 'NOT_FOUND', message: 'user 9 does not exist', fields: { id: 'no such user' } } }))
    const client = createApiClient('ipc', ipcTransport({ invoke }))
    await expect(client.call('users.get', { id: 9 })).rejects.toMatchObject({ name: 'AppError', code: 'NOT_FOUND', fields: { id: 'no such user' } })
    invoke.mockRejectedValueOnce(new Error('not a proxdesk operation name'))
    await expect(client.call('users.get', { id: 9 })).rejects.toMatchObject({ code: 'INTERNAL', message: 'not a proxdesk operation name' })
  })
})
