// REST transport: method and path come from each operation's `http` binding in the contract.
import { contract, type OperationName } from '@shared/contract/index'
import { ERROR_CODES, type ErrorData, type Result } from '@shared/errors'
import type { Transport } from './transport'

export interface HttpTransportOptions {
  /** Origin of the proxdesk server; '' for the page's own origin. */
  baseUrl: string
  token: () => string | null
  fetch?: typeof fetch
}

interface HttpRequest {
  method: string
  url: string
  body?: string
}

/** Path parameters fill the `{placeholders}`; the rest goes to the query string (GET, DELETE) or a JSON body. */
export function buildRequest(name: OperationName, input: Record<string, unknown>, baseUrl = ''): HttpRequest {
  const binding = contract[name].http
  const rest: Record<string, unknown> = { ...input }
  const path = binding.path.replace(/\{(\w+)\}/g, (_whole, param: string) => {
    const value = rest[param]
    delete rest[param]
    return encodeURIComponent(String(value))
  })
  if (binding.method === 'GET' || binding.method === 'DELETE') {
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined && value !== null && value !== '') query.set(key, String(value))
    }
    const search = query.toString()
    return { method: binding.method, url: `${baseUrl}${path}${search ? `?${search}` : ''}` }
  }
  return { method: binding.method, url: `${baseUrl}${path}`, body: JSON.stringify(rest) }
}

function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false
  const { code, message } = value as Record<string, unknown>
  return typeof message === 'string' && (ERROR_CODES as readonly unknown[]).includes(code)
}

async function readError(response: Response): Promise<ErrorData> {
  const body: unknown = await response.json().catch(() => null)
  const error = (body as { error?: unknown } | null)?.error
  if (isErrorData(error)) return error
  return { code: 'INTERNAL', message: `HTTP ${response.status} ${response.statusText}`.trim() }
}

export function httpTransport(options: HttpTransportOptions): Transport {
  const send = options.fetch ?? globalThis.fetch.bind(globalThis)
  return async <N extends OperationName>(name: N, input: unknown) => {
    const request = buildRequest(name, (input ?? {}) as Record<string, unknown>, options.baseUrl)
    const headers: Record<string, string> = { accept: 'application/json' }
    const token = options.token()
    if (token) headers.authorization = `Bearer ${token}`
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await send(request.url, { method: request.method, headers, body: request.body })
    } catch {
      return { ok: false, error: { code: 'UPSTREAM_UNREACHABLE', message: 'the proxdesk server cannot be reached' } } as Result<never>
    }
    if (!response.ok) return { ok: false, error: await readError(response) } as Result<never>
    if (response.status === 204) return { ok: true, data: null } as Result<never>
    if (contract[name].http.raw) {
      const document = { content_type: response.headers.get('content-type') ?? 'text/plain', body: await response.text() }
      return { ok: true, data: document } as Result<never>
    }
    return { ok: true, data: await response.json() } as Result<never>
  }
}
