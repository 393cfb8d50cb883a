// Property-based: random invalid input to every contract operation, through the REST routes (as admin, as a
// plain user and anonymously) and through the dispatcher (as the desktop's trusted admin). Every call is refused
// with a 4xx (VALIDATION for the trusted admin), never a 5xx, and leaves every table as it was.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contract, OPERATION_NAMES, type OperationName } from '../../src-shared/contract/index'
import { useTestApi, type TestApi } from '../helpers/testApi'
import { expectUnchangedSince, snapshotDatabase } from './databaseSnapshot'
import { inputsFor, pathParams, refusedBySchema } from './invalidInputs'
import { useNoUnhandledRejections } from './unhandledRejections'

const RUNS = { rest: 12, dispatcher: 12 }
const REFUSAL_STATUSES = [400, 401, 403, 404, 413, 415, 429]
const TRUSTED_ADMIN = { ip: null, trustedActor: { id: null, username: 'fuzz', permission: 'admin' as const } }

/** Failure messages stay readable when the input holds 5,000-character strings. */
const brief = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text)

/** How a value travels in a URL, and so what the server parses back: always a string. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? ''
}

interface RestCall {
  method: string
  url: string
  body: unknown
  /** The input the server assembles from path, query and body, to check the schema refuses it. */
  received: Record<string, unknown>
}

function restCall(operation: OperationName, input: Record<string, unknown>): RestCall {
  const { method, path } = contract[operation].http
  const params = new Set(pathParams(operation))
  const received: Record<string, unknown> = {}
  let url = path
  for (const param of params) {
    const text = asText(input[param] ?? 'x')
    url = url.replace(`{${param}}`, encodeURIComponent(text))
    received[param] = text
  }
  const rest = Object.entries(input).filter(([key]) => !params.has(key) && key !== '__proto__')
  if (method === 'GET' || method === 'DELETE') {
    const query = new URLSearchParams(rest.map(([key, value]) => [key, asText(value)]))
    for (const [key, value] of query) received[key] = value
    return { method, url: query.size > 0 ? `${url}?${query}` : url, body: undefined, received }
  }
  const body = Object.fromEntries(rest)
  return { method, url, body, received: { ...body, ...received } }
}

describe('random invalid input to every operation', () => {
  const api = useTestApi()
  useNoUnhandledRejections()

  async function world(): Promise<{ t: TestApi; userToken: string }> {
    const t = await api()
    await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: '192.0.2.1', server_group: 'hk' } })
    await t.request('POST', '/api/pools', { token: t.adminToken, body: { kind: 'port', name: 'wan', first: 30000, last: 30099 } })
    return { t, userToken: (await t.userToken('alice')).token }
  }

  it.each(OPERATION_NAMES)('%s over REST', async (operation) => {
    const { t, userToken } = await world()
    const who = fc.constantFrom<Array<string | undefined>>(t.adminToken, userToken, undefined)
    await fc.assert(
      fc.asyncProperty(inputsFor(operation), who, async (input, token) => {
        const call = restCall(operation, input)
        fc.pre(refusedBySchema(operation, call.received))
        const before = snapshotDatabase(t.core.services)
        const response = await t.request(call.method, call.url, { token, body: call.body })
        expect(REFUSAL_STATUSES, brief(`${call.method} ${call.url} ${JSON.stringify(call.body)} → ${response.status} ${response.body}`)).toContain(response.status)
        expect(response.json?.error?.code).toEqual(expect.any(String))
        expectUnchangedSince(t.core.services, before, brief(`${call.method} ${call.url}`))
      }),
      { numRuns: RUNS.rest },
    )
  })

  it.each(OPERATION_NAMES)('%s through the dispatcher', async (operation) => {
    const { t } = await world()
    await fc.assert(
      fc.asyncProperty(inputsFor(operation), async (input) => {
        fc.pre(refusedBySchema(operation, input))
        const before = snapshotDatabase(t.core.services)
        const result = await t.core.services.dispatcher.call(operation, input, TRUSTED_ADMIN)
        expect(result, brief(JSON.stringify(input))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
        expectUnchangedSince(t.core.services, before, operation)
      }),
      { numRuns: RUNS.dispatcher },
    )
  })
})
