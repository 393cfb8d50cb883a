// REST is derived from the contract: one route per operation, all going through the dispatcher.
import { createServer, type ServerOptions } from 'node:http'
import Fastify, { LogController, type FastifyReply } from 'fastify'
import { contract, OPERATION_NAMES, type OperationName } from '@shared/contract/index'
import { isCarriedBy } from '@shared/contract/operation'
import { AppError, HTTP_STATUS_BY_CODE, INTERNAL_ERROR, type ErrorData } from '@shared/errors'
import type { RawDocument } from '@shared/domain/proxy'
import type { Services } from '../core/services'
import type { Logger } from '../core/logger'
import { findRendererDir, staticRenderer } from './staticRenderer'
import { attachConsoleSocket } from './consoleSocket'
import { createProxyAuthFastPath, fastPathPrefix } from './proxyAuthFastPath'

export interface HttpServerOptions {
  services: Services
  logger: Logger
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number
  /** Honour X-Forwarded-For from a reverse proxy in front of us. */
  trustProxy?: boolean
  /** The built renderer to serve at `/`; found next to the build when undefined, not served when null. */
  rendererDir?: string | null
}

const QUIET_OPERATIONS: ReadonlySet<OperationName> = new Set(['proxy.auth'])

/** Node keys and sub tokens travel in paths; they must never reach a log line. */
export function redactUrl(url: string): string {
  return url.replace(/^(\/api\/proxy\/auth\/|\/sub\/)[^/?#]*/, '$1[redacted]')
}

function toFastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1')
}

export function bearerToken(request: { headers: { authorization?: string } }): string | null {
  const header = request.headers.authorization
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null
  return match ? match[1]! : null
}

function sendError(reply: FastifyReply, error: ErrorData): FastifyReply {
  if (error.retry_after_seconds !== undefined) reply.header('retry-after', String(error.retry_after_seconds))
  return reply.code(HTTP_STATUS_BY_CODE[error.code]).send({ error })
}

/** Query, body and path parameters merged into one input; a path parameter repeated in the body is refused. */
export function collectInput(request: { params: unknown; query: unknown; body: unknown }): Record<string, unknown> {
  const params = request.params as Record<string, string>
  const body = request.body
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new AppError('VALIDATION', 'the request body must be a JSON object', { fields: { body: 'must be a JSON object' } })
  }
  const bodyObject = (body ?? {}) as Record<string, unknown>
  for (const key of Object.keys(params)) {
    if (Object.hasOwn(bodyObject, key)) {
      throw new AppError('VALIDATION', `${key} is given in the path`, { fields: { [key]: 'given in the path; do not repeat it in the body' } })
    }
  }
  return { ...(request.query as Record<string, unknown>), ...bodyObject, ...params }
}

/** Fastify's own parse errors, said in our error format. */
export function frameworkError(error: { code?: string; statusCode?: number }): AppError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'the request body is too large')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('VALIDATION', 'the JSON body is empty', { fields: { body: 'empty' } })
    case 'FST_ERR_BAD_URL':
      return new AppError('VALIDATION', 'the URL has a malformed part', { fields: { path: 'malformed percent-encoding' } })
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('VALIDATION', 'a part of the URL path is too long', { fields: { path: 'a segment is too long' } })
    default:
      if (error.statusCode === 400) return new AppError('VALIDATION', 'the body is not valid JSON', { fields: { body: 'not valid JSON' } })
      return new AppError(INTERNAL_ERROR.code, INTERNAL_ERROR.message)
  }
}

export function buildHttpServer(options: HttpServerOptions) {
  const { services, logger } = options
  const bodyLimit = options.bodyLimit ?? 64 * 1024
  const trustProxy = options.trustProxy ?? false
  // The Hysteria auth route's fast path (proxyAuthFastPath.ts) sees each request before Fastify does.
  let proxyAuthFastPath: ReturnType<typeof createProxyAuthFastPath> | undefined
  const app = Fastify({
    // Fastify's own HTTP/1 server setup (lib/server.js), with the fast path in front of its request handler.
    serverFactory: (fastifyHandler, fastifyOptions) => {
      const serverOptions = fastifyOptions as { http?: ServerOptions; keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; maxRequestsPerSocket: number }
      const server = createServer(serverOptions.http ?? {}, (request, response) => {
        if (!proxyAuthFastPath?.(request, response)) fastifyHandler(request, response)
      })
      server.keepAliveTimeout = serverOptions.keepAliveTimeout
      server.requestTimeout = serverOptions.requestTimeout
      server.setTimeout(serverOptions.connectionTimeout)
      if (serverOptions.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = serverOptions.maxRequestsPerSocket
      return server
    },
    loggerInstance: logger,
    // Our onResponse hook logs requests itself, with secret path segments redacted.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify would make a child logger per request just to bind its id; our own hook logs each request, so all
    // share the one logger (a pino child per request costs about 3 µs, a tenth of a trivial route's time).
    childLoggerFactory: (parent) => parent,
    bodyLimit,
    trustProxy,
    return503OnClosing: true,
    // The router's own refusals (a malformed or over-long path segment) in our error format, not Fastify's.
    frameworkErrors: (error, _request, reply) => sendError(reply, frameworkError(error).toData()),
  })

  // The API speaks JSON only; anything else is a 415, not a string body.
  app.removeContentTypeParser('text/plain')

  app.setErrorHandler((error, request, reply) => {
    const appError = frameworkError(error as { code?: string; statusCode?: number })
    if (appError.code === 'INTERNAL') logger.error({ err: error, url: redactUrl(request.url) }, 'request failed')
    return sendError(reply, appError.toData())
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, { code: 'NOT_FOUND', message: `no route ${request.method} ${redactUrl(request.url).split('?')[0]}` }),
  )
  app.addHook('onResponse', (request, reply, done) => {
    const operation = request.routeOptions.config as { operation?: OperationName }
    const level = operation.operation && QUIET_OPERATIONS.has(operation.operation) ? 'debug' : 'info'
    // Checked first so the hot auth route does not build a log object (and redact its URL) just to drop it.
    if (logger.isLevelEnabled(level)) logger[level]({ method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request')
    done()
  })

  const rendererDir = options.rendererDir === undefined ? findRendererDir() : options.rendererDir
  if (rendererDir) void app.register(staticRenderer, { rendererDir })

  for (const name of OPERATION_NAMES) {
    const binding = contract[name].http
    const carriedHere = isCarriedBy(contract[name], 'http')
    app.route({
      method: binding.method,
      url: toFastifyPath(binding.path),
      config: { operation: name },
      handler: async (request, reply) => {
        reply.header('cache-control', 'no-store')
        if (!carriedHere) return sendError(reply, { code: 'FORBIDDEN', message: `${name} is only available in the desktop app's window` })
        let input: Record<string, unknown>
        try {
          input = collectInput(request)
        } catch (error) {
          return sendError(reply, (error as AppError).toData())
        }
        const result = await services.dispatcher.call(name, input, { ip: request.ip, bearerToken: bearerToken(request) })
        if (!result.ok) return sendError(reply, result.error)
        if (binding.status === 204) return reply.code(204).send()
        if (binding.raw) {
          const document = result.data as RawDocument
          return reply.code(200).type(document.content_type).send(document.body)
        }
        return reply.code(binding.status ?? 200).send(result.data)
      },
    })
  }

  const prefix = fastPathPrefix()
  // Behind a trusted reverse proxy the caller's address needs Fastify's X-Forwarded-For handling.
  if (prefix && !trustProxy) {
    let closing = false
    app.addHook('preClose', (done) => {
      closing = true
      done()
    })
    // Fastify's default JSON parser with its default poisoning options; it never looks at the request.
    const parseJsonBody = app.getDefaultJsonParser('error', 'error')
    proxyAuthFastPath = createProxyAuthFastPath(
      { prefix, collectInput, bearerToken, parseJson: (body, done) => parseJsonBody(null as never, body, done), invalidJsonError: frameworkError({ statusCode: 400 }).toData(), redactUrl },
      { services, logger, bodyLimit, isClosing: () => closing },
    )
  }

  // The embedded console's WebSocket: the only upgrade this server accepts.
  attachConsoleSocket(app, services.consoles, logger)
  return app
}

export type HttpServer = ReturnType<typeof buildHttpServer>
