// The request pipeline of pveproxy (pve-http-server AnyEvent.pm + pve-manager HTTPServer.pm), in PVE's order:
// transport checks, authentication, routing, duplicate URI parameters, the API-token restriction, the method's
// permission check, node resolution, parameter validation, and finally the handler.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { AuthFailure, type RequestAuth } from './auth'
import { notImplementedInFake, paramException, permissionException, PveError } from './errors'
import { HandlerContext, unknownNodeError, type FakeServices } from './handlerContext'
import { defaultReason, sendApiResult, sendBare, type ApiResult } from './respond'
import { extractParams, MalformedBodyError } from './requestParams'
import { ROUTES } from './routes'
import { perlTrue } from './schema/loadSchema'
import type { ApiRouter, RouteMatch } from './schema/router'
import { perlString, type ParamValue } from './schema/validateParams'

const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE'])
const MAX_POST_BYTES = 64 * 1024

export interface SchemaViolation {
  method: string
  path: string
  errors: Record<string, string>
}

export interface PipelineOptions {
  services: FakeServices
  router: ApiRouter
  authFailureDelayMs: number
  schemaViolations: SchemaViolation[]
  /** Responses a `hang` fault holds open until the fake closes. */
  heldResponses: Set<ServerResponse>
}

/** An answer without body, which is how pveproxy refuses requests before they reach the API. */
class BareAnswer extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

interface ApiRequest {
  method: string
  url: URL
  /** Path below /api2/<format>, still URL-encoded. */
  relativePath: string
  decodedPath: string
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** parse_content_type: the media type before any `;` or `,`. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(/\s*[;,]\s*/)[0]?.toLowerCase()
}

/** The checks pveproxy makes on the request body after authenticating, and the decoded parameters. */
function requestParams(req: IncomingMessage, request: ApiRequest, body: Buffer): Record<string, ParamValue> {
  const contentLength = Number(req.headers['content-length'] ?? 0)
  if (contentLength > 0 && request.method !== 'PUT' && request.method !== 'POST') {
    throw new BareAnswer(501, `Unexpected content for method '${request.method}'`)
  }
  if (contentLength > MAX_POST_BYTES) throw new BareAnswer(501, 'for data too large')
  const contentType = mediaType(req.headers['content-type'])
  if (contentLength > 0 && contentType && contentType !== 'application/x-www-form-urlencoded' && contentType !== 'application/json') {
    throw new BareAnswer(506, `upload 'Content-Type '${req.headers['content-type']}' not implemented`)
  }
  try {
    const text = body.toString(contentType === 'application/json' ? 'utf8' : 'latin1')
    return extractParams(request.method, contentType, text, request.url.search.slice(1))
  } catch (error) {
    if (error instanceof MalformedBodyError) throw new BareAnswer(501, error.message)
    throw error
  }
}

/** HTTPServer.pm rest_handler from the matched route on; PVE's exceptions become the answer. */
function dispatch(options: PipelineOptions, request: ApiRequest, route: RouteMatch, params: Record<string, ParamValue>, auth: RequestAuth): ApiResult {
  const { services } = options
  try {
    for (const key of Object.keys(params).sort()) {
      const value = params[key]
      const given = typeof value === 'string' || typeof value === 'number' ? perlString(value) : undefined
      if (route.uriParams[key] !== undefined && given !== route.uriParams[key]) {
        throw paramException({ [key]: 'duplicate parameter (already defined in URI) with conflicting values!' })
      }
    }
    const merged: Record<string, ParamValue> = { ...params, ...route.uriParams }
    // Validation really happens last, inside the handler; it runs first here so that requests refused earlier
    // for other reasons are still recorded as violations.
    const schemaErrors = services.validator.validate(merged, route.info.parameters)
    const invalid = Object.keys(schemaErrors).length > 0
    if (invalid) options.schemaViolations.push({ method: request.method, path: route.template, errors: schemaErrors })
    if (auth.usedApiToken && !perlTrue(route.info.allowtoken ?? 1)) {
      throw permissionException(`URI '${request.decodedPath}' not available with API token, need proper ticket.\n`)
    }
    services.permissions.checkApi(route.info.permissions, auth.identity, merged)
    const nodeName = merged.node
    if (route.info.proxyto === 'node' && typeof nodeName === 'string' && !services.state.nodes.has(nodeName)) {
      throw unknownNodeError(nodeName)
    }
    if (invalid) throw paramException(schemaErrors)
    const handler = ROUTES[`${request.method} ${route.template}`]
    if (!handler) throw notImplementedInFake()
    const ctx = new HandlerContext(services, merged, auth.identity, { method: request.method, fullPath: request.url.pathname })
    const data = handler(ctx)
    return { status: 200, data, total: ctx.total }
  } catch (error) {
    if (error instanceof PveError) return { status: error.status, message: error.message, errors: error.errors }
    throw error
  }
}

/** Everything below /api2: the format, authentication, the body, then the API proper. */
async function answerApiCall(options: PipelineOptions, req: IncomingMessage, url: URL, body: Buffer): Promise<ApiResult> {
  const split = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/.exec(url.pathname)
  if (!split) throw new BareAnswer(501, 'no such uri')
  const relativePath = split[2] ?? '/'
  const request: ApiRequest = { method: req.method ?? 'GET', url, relativePath, decodedPath: decodeURIComponent(relativePath) }

  let auth: RequestAuth
  try {
    auth = options.services.auth.authenticate(req.headers, request.method, request.decodedPath)
  } catch (error) {
    if (error instanceof AuthFailure || (error instanceof PveError && error.status === 401)) throw new BareAnswer(401, error.message)
    throw error
  }
  const params = requestParams(req, request, body)
  if (split[1] !== 'json') throw new BareAnswer(501, `no formatter for uri ${request.decodedPath}, ${split[1]}`)

  const route = options.router.match(request.method, relativePath)
  if (!route) {
    const message = `Method '${request.method} ${request.decodedPath}' not implemented`
    options.schemaViolations.push({ method: request.method, path: request.decodedPath, errors: { _path: message } })
    return { status: 501, message }
  }
  return dispatch(options, request, route, params, auth)
}

export function createRequestListener(options: PipelineOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'https://fake-pve')
    const faults = options.services.faults.forRequest(method, url.pathname)
    if (faults.latencyMs > 0) await delay(faults.latencyMs)
    const fault = faults.answer
    if (fault?.kind === 'reset') {
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'hang') {
      options.heldResponses.add(res)
      return
    }
    const body = await readBody(req)
    if (fault?.kind === 'status') {
      const status = fault.status ?? 500
      // Statuses 595-599 come from pveproxy's node-to-node forwarding, which passes no body along.
      if (status >= 595) sendBare(res, status, fault.message ?? defaultReason(status))
      else sendApiResult(req, res, { status, message: fault.message ?? `${defaultReason(status)}\n` })
      return
    }
    try {
      if (!KNOWN_METHODS.has(method)) throw new BareAnswer(501, `method '${method}' not available`)
      const transferEncoding = req.headers['transfer-encoding']
      if (transferEncoding) {
        const chunked = transferEncoding.toLowerCase() === 'chunked'
        throw new BareAnswer(501, chunked ? 'chunked transfer encoding not supported' : `Unknown transfer encoding '${transferEncoding}'`)
      }
      if (!url.pathname.startsWith('/api2')) throw new BareAnswer(501, `no such file '${url.pathname}'`)
      const result = await answerApiCall(options, req, url, body)
      if (result.status === 401 && options.authFailureDelayMs > 0) await delay(options.authFailureDelayMs)
      sendApiResult(req, res, result, { truncate: fault?.kind === 'invalid-json' })
    } catch (error) {
      if (!(error instanceof BareAnswer)) throw error
      if (error.status === 401 && options.authFailureDelayMs > 0) await delay(options.authFailureDelayMs)
      sendBare(res, error.status, error.message)
    }
  }
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendApiResult(req, res, { status: 500, message: `${(error as Error).message}\n` })
    })
  }
}

export type UpgradeAnswer = { status: number; result: ApiResult } | { status: number; bareMessage: string }

/** The pipeline's answer to a request that wants a WebSocket upgrade (it has no body), not yet written. */
export async function answerUpgradeRequest(options: PipelineOptions, req: IncomingMessage): Promise<UpgradeAnswer> {
  const url = new URL(req.url ?? '/', 'https://fake-pve')
  try {
    if (req.method !== 'GET') throw new BareAnswer(501, `method '${req.method}' not available`)
    if (!url.pathname.startsWith('/api2')) throw new BareAnswer(501, `no such file '${url.pathname}'`)
    const result = await answerApiCall(options, req, url, Buffer.alloc(0))
    return { status: result.status, result }
  } catch (error) {
    if (error instanceof BareAnswer) return { status: error.status, bareMessage: error.message }
    throw error
  }
}
