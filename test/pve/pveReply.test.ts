import { describe, expect, it } from 'vitest'
import { AppError } from '../../src-shared/errors'
import { networkError } from '../../src-main/core/tls/networkErrors'
import { readReply, type RawResponse } from '../../src-main/core/pve/pveReply'

const call = { method: 'POST', path: '/nodes/pve1/lxc', endpoint: 'pve.example:8006' }

function failure(raw: RawResponse): AppError {
  try {
    readReply(call, raw)
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('readReply accepted an error response')
}

describe('PVE replies', () => {
  it('returns data from the {data} envelope, with total when PVE sends one', () => {
    expect(readReply(call, { status: 200, statusText: 'OK', body: '{"data":"UPID:x"}' })).toEqual({ data: 'UPID:x' })
    expect(readReply(call, { status: 200, statusText: 'OK', body: '{"data":null}' })).toEqual({ data: null })
    expect(readReply(call, { status: 200, statusText: 'OK', body: '{"data":[{"n":1,"t":"a"}],"total":"7"}' })).toEqual({ data: [{ n: 1, t: 'a' }], total: 7 })
  })

  it('refuses invalid JSON and a missing envelope as UPSTREAM_ERROR', () => {
    expect(failure({ status: 200, statusText: 'OK', body: '{"data": [' })).toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('invalid JSON') })
    expect(failure({ status: 200, statusText: 'OK', body: '[1,2]' })).toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('{data}') })
  })

  it('turns 400 parameter errors into field errors keyed pve.<param>, with PVE named in the message', () => {
    const error = failure({
      status: 400,
      statusText: 'Parameter verification failed.',
      body: JSON.stringify({ data: null, message: 'Parameter verification failed.\n', errors: { vmid: 'VM 105 already exists\n', 'net0': 'invalid format - missing key name' } }),
    })
    expect(error.code).toBe('VALIDATION')
    expect(error.fields).toEqual({ 'pve.vmid': 'VM 105 already exists', 'pve.net0': 'invalid format - missing key name' })
    expect(error.message).toBe('PVE rejected POST /nodes/pve1/lxc: Parameter verification failed. (vmid: VM 105 already exists; net0: invalid format - missing key name)')
  })

  it('maps 401 and 403 to UPSTREAM_AUTH, taking the message from the status line when the body is empty', () => {
    const unauthorized = failure({ status: 401, statusText: 'permission denied - invalid PVE ticket', body: '' })
    expect(unauthorized).toMatchObject({ code: 'UPSTREAM_AUTH', message: 'PVE at pve.example:8006 refused the credentials: 401 permission denied - invalid PVE ticket' })
    const forbidden = failure({ status: 403, statusText: 'Permission check failed', body: '{"data":null,"message":"Permission check failed (/vms/105, VM.Allocate)\\n"}' })
    expect(forbidden).toMatchObject({ code: 'UPSTREAM_AUTH', message: 'PVE at pve.example:8006 denied POST /nodes/pve1/lxc: 403 Permission check failed (/vms/105, VM.Allocate)' })
  })

  it('carries the handler message of a 500 and falls back to the standard phrase', () => {
    expect(failure({ status: 500, statusText: "unable to create CT 105 - storage 'nope' does not exist", body: '{"data":null}' })).toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: "PVE POST /nodes/pve1/lxc failed: 500 unable to create CT 105 - storage 'nope' does not exist",
    })
    expect(failure({ status: 501, statusText: '', body: '' }).message).toBe('PVE POST /nodes/pve1/lxc failed: 501 Not Implemented')
    expect(failure({ status: 400, statusText: 'bad request', body: '{"data":null}' })).toMatchObject({ code: 'UPSTREAM_ERROR', fields: undefined })
  })

  it('maps pveproxy 595-599 (cluster node unreachable) to UPSTREAM_UNREACHABLE', () => {
    expect(failure({ status: 596, statusText: 'Connection timed out', body: '' })).toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      message: 'PVE at pve.example:8006 could not reach the cluster node for POST /nodes/pve1/lxc: 596 Connection timed out',
    })
  })
})

describe('network failures', () => {
  const pve = { system: 'PVE', endpoint: 'pve.example:8006' }
  const withCode = (code: string) => Object.assign(new Error('boom'), { code })

  it.each([
    ['ECONNREFUSED', 'UPSTREAM_UNREACHABLE'],
    ['ECONNRESET', 'UPSTREAM_UNREACHABLE'],
    ['UND_ERR_SOCKET', 'UPSTREAM_UNREACHABLE'],
    ['ENOTFOUND', 'UPSTREAM_UNREACHABLE'],
    ['UND_ERR_CONNECT_TIMEOUT', 'UPSTREAM_TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'UPSTREAM_TIMEOUT'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'CERTIFICATE_MISMATCH'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'CERTIFICATE_MISMATCH'],
    ['CERT_HAS_EXPIRED', 'CERTIFICATE_MISMATCH'],
  ])('%s -> %s', (code, expected) => {
    expect(networkError(withCode(code), pve, 5000).code).toBe(expected)
  })

  it('finds the code in a wrapped cause and passes AppErrors through', () => {
    expect(networkError(new TypeError('fetch failed', { cause: withCode('ECONNRESET') }), pve, 5000).code).toBe('UPSTREAM_UNREACHABLE')
    const own = new AppError('CERTIFICATE_MISMATCH', 'changed')
    expect(networkError(own, pve, 5000)).toBe(own)
  })

  it('warns that a broken write may have happened, unless it never left', () => {
    expect(networkError(withCode('ECONNRESET'), pve, 5000, true).message).toMatch(/may or may not have been made/)
    expect(networkError(withCode('ECONNREFUSED'), pve, 5000, true).message).not.toMatch(/may or may not/)
    expect(networkError(withCode('ECONNRESET'), pve, 5000, false).message).toBe('could not reach PVE at pve.example:8006 (ECONNRESET)')
  })
})
