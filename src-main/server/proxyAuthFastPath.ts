// The Hysteria auth route on node:http directly, in front of Fastify. Every proxy client connection costs one
// call, and Fastify's per-request machinery (hooks, reply object, content-type lookup, async resource) costs
// more than the lookup itself. Only the exact request a Hysteria node sends is taken here: POST to the route
// with a plain node key segment, `Content-Type: application/json` and a Content-Length within the body limit.
// Anything else (a query string, an encoded or over-long segment, chunked bodies, another content type, the
// server closing) goes to Fastify untouched. What it does once taken is the Fastify route's own code: the same
// input merge, Fastify's own JSON parser, the same dispatcher call (zod schemas from the contract, handler,
// audit), the same status codes, body, error shape and headers (test/proxy/authFastPath.test.ts compares them).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { contract, type OutputOf } from '@shared/contract/index'
import { isCarriedBy } from '@shared/contract/operation'
import { HTTP_STATUS_BY_CODE, INTERNAL_ERROR, type ErrorData, type Result } from '@shared/errors'
import type { Services } from '../core/services'
import type { Logger } from '../core/logger'

const OPERATION = 'proxy.auth'
const JSON_TYPE = 'application/json; charset=utf-8'
/** find-my-way's default maxParamLength: longer segments are the router's error, so Fastify answers them. */
const MAX_PARAM_LENGTH = 100
/** Characters the router passes through as they are (no percent-decoding to mirror). */
const PLAIN_SEGMENT = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_PARAM_LENGTH}}$`)
const DECIMAL = /^[0-9]+$/

export interface FastPathRoute {
  /** The URL up to the node key, from the contract's HTTP binding. */
  prefix: string
  /** The route's own input merge (httpServer collectInput): refuses a body repeating the path parameter. */
  collectInput(parts: { params: Record<string, string>; query: Record<string, unknown>; body: unknown }): Record<string, unknown>
  bearerToken(request: { headers: IncomingMessage['headers'] }): string | null
  /** Fastify's default JSON body parser (prototype poisoning refused), called like Fastify calls it. */
  parseJson(body: string, done: (error: Error | null, value?: unknown) => void): void
  /** What Fastify's error handler answers for a body that is not valid JSON. */
  invalidJsonError: ErrorData
  redactUrl(url: string): string
}

export interface FastPathOptions {
  services: Services
  logger: Logger
  bodyLimit: number
  /** True while the server closes: Fastify then answers 503 itself. */
  isClosing(): boolean
}

/** The path prefix when the contract still binds proxy.auth to POST …/{node_key} over HTTP; otherwise no fast path. */
export function fastPathPrefix(): string | null {
  const operation = contract[OPERATION]
  const binding = operation.http
  if (!isCarriedBy(operation, 'http') || binding.method !== 'POST' || binding.raw || binding.status !== undefined) return null
  const match = /^(\/[^{}]*\/)\{node_key\}$/.exec(binding.path)
  return match ? match[1]! : null
}

/** A header list as writeHead takes it flat: [name, value, name, value, …]. */
type HeaderList = string[]

interface Reply {
  status: number
  headers: HeaderList
  payload: string
}

/**
 * Replies wait until the event loop has read every request that arrived with theirs (setImmediate runs after
 * the poll phase) and are then written one after another, as Redis writes its replies just before it sleeps.
 * A reader on the same host (a Hysteria node next to proxdesk, or the benchmark's load generator) then wakes
 * once per batch instead of once per reply; on loopback that wake-up is most of what writing a reply costs.
 */
class ReplyBatch {
  private responses: ServerResponse[] = []
  private replies: Reply[] = []

  add(response: ServerResponse, reply: Reply): void {
    if (this.replies.length === 0) setImmediate(this.write)
    this.responses.push(response)
    this.replies.push(reply)
  }

  private readonly write = (): void => {
    const { responses, replies } = this
    this.responses = []
    this.replies = []
    for (let n = 0; n < replies.length; n++) {
      const { status, headers, payload } = replies[n]!
      responses[n]!.writeHead(status, headers)
      responses[n]!.end(payload)
    }
  }
}

function jsonReply(status: number, body: unknown, headers: HeaderList): Reply {
  const payload = JSON.stringify(body)
  return { status, payload, headers: [...headers, 'content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(payload))] }
}

function errorHeaders(error: ErrorData, base: HeaderList): HeaderList {
  return error.retry_after_seconds === undefined ? base : [...base, 'retry-after', String(error.retry_after_seconds)]
}

/** Returns a request listener step: true when it took the request, false when Fastify should have it. */
export function createProxyAuthFastPath(route: FastPathRoute, options: FastPathOptions): (request: IncomingMessage, response: ServerResponse) => boolean {
  const { services, logger, bodyLimit } = options
  const routeHeaders: HeaderList = ['cache-control', 'no-store']
  const batch = new ReplyBatch()

  /** The one reply to a request, logged as Fastify's onResponse hook logs the route: at debug, it is a quiet operation. */
  function reply(request: IncomingMessage, started: number, status: number, body: unknown, headers: HeaderList): Reply {
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ method: request.method, url: route.redactUrl(request.url!), status, ms: Math.round(performance.now() - started) }, 'request')
    }
    return jsonReply(status, body, headers)
  }

  /** Synchronous unless the handler is: the proxy-auth handler is, so most answers cost no promise turn. */
  function answer(request: IncomingMessage, nodeKey: string, text: string, started: number): Reply | Promise<Reply> {
    let body: unknown
    let parseError: Error | null = null
    route.parseJson(text, (error, value) => {
      parseError = error
      body = value
    })
    if (parseError) {
      // Fastify's content-type parser closes the connection after a body it could not parse, and its error
      // handler (which answers this) runs before the route handler sets cache-control.
      return reply(request, started, 400, { error: route.invalidJsonError }, ['connection', 'close'])
    }
    let input: Record<string, unknown>
    try {
      input = route.collectInput({ params: { node_key: nodeKey }, query: {}, body })
    } catch (error) {
      const data = (error as { toData(): ErrorData }).toData()
      return reply(request, started, HTTP_STATUS_BY_CODE[data.code], { error: data }, errorHeaders(data, routeHeaders))
    }
    const result = services.dispatcher.run(OPERATION, input, { ip: request.socket.remoteAddress ?? null, bearerToken: route.bearerToken(request) })
    return result instanceof Promise ? result.then((settled) => replyWith(request, started, settled)) : replyWith(request, started, result)
  }

  function replyWith(request: IncomingMessage, started: number, result: Result<OutputOf<typeof OPERATION>>): Reply {
    if (result.ok) return reply(request, started, 200, result.data, routeHeaders)
    return reply(request, started, HTTP_STATUS_BY_CODE[result.error.code], { error: result.error }, errorHeaders(result.error, routeHeaders))
  }

  function failed(request: IncomingMessage, error: unknown): Reply {
    logger.error({ err: error, url: route.redactUrl(request.url!) }, 'request failed')
    return jsonReply(500, { error: INTERNAL_ERROR }, [])
  }

  return (request, response) => {
    if (request.method !== 'POST' || !request.url!.startsWith(route.prefix) || options.isClosing()) return false
    const nodeKey = request.url!.slice(route.prefix.length)
    const headers = request.headers
    const declaredLength = headers['content-length']
    if (
      !PLAIN_SEGMENT.test(nodeKey) ||
      headers['content-type'] !== 'application/json' ||
      headers['transfer-encoding'] !== undefined ||
      declaredLength === undefined ||
      !DECIMAL.test(declaredLength)
    ) {
      return false
    }
    const length = Number(declaredLength)
    if (length === 0 || length > bodyLimit) return false

    const started = performance.now()
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      // node:http ends the body exactly at Content-Length, so it is complete here and within the limit.
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')
      let parts: ReturnType<typeof answer>
      try {
        parts = answer(request, nodeKey, text, started)
      } catch (error) {
        parts = failed(request, error)
      }
      if (parts instanceof Promise) {
        void parts.catch((error: unknown) => failed(request, error)).then((settled) => batch.add(response, settled))
      } else {
        batch.add(response, parts)
      }
    })
    return true
  }
}
