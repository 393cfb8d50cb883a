import { describe, expect, it } from 'vitest'
import { isCallSuccess, isLoginSuccess, isSessionExpired, readReply, routerMessage, type RouterReply } from '../../src-main/core/ikuai/routerReply'

const upstream = { system: 'iKuai', endpoint: '192.168.1.1' }
const read = (body: string, options: { status?: number; write?: boolean } = {}) =>
  readReply({ upstream, what: 'dnat add', write: options.write ?? false }, { status: options.status ?? 200, statusText: options.status ? 'Bad Gateway' : 'OK', body })
const reply = (generation: 3 | 4, code: number, message = ''): RouterReply => ({ generation, code, message, data: undefined, rowId: undefined, dataTimedOut: false })

describe('iKuai replies', () => {
  it('reads both envelope generations, codes given as numbers or strings', () => {
    expect(read('{"Result":30000,"ErrMsg":"Success","RowId":"12"}')).toEqual({ generation: 3, code: 30000, message: 'Success', data: undefined, rowId: '12', dataTimedOut: false })
    expect(read('{"code":"0","message":null,"results":{"total":0,"data":[]},"rowid":12}')).toEqual({
      generation: 4,
      code: 0,
      message: '',
      data: { total: 0, data: [] },
      rowId: 12,
      dataTimedOut: false,
    })
  })

  it('repairs the bare `timeout` token where the rows belong, and flags it', () => {
    expect(read('{"Result":30000,"ErrMsg":"Success","Data":{"total":3,"data":timeout}}')).toMatchObject({ data: { total: 3, data: null }, dataTimedOut: true })
    expect(read('{"code":0,"results":{"data" : timeout }}')).toMatchObject({ generation: 4, data: { data: null }, dataTimedOut: true })
  })

  it('refuses anything else that is not JSON, warning that a write may have happened', () => {
    expect(() => read('{"Result":30000,"ErrMsg":"Succ')).toThrow(expect.objectContaining({ code: 'UPSTREAM_ERROR', message: 'iKuai at 192.168.1.1 answered dnat add with invalid JSON' }))
    expect(() => read('{"Result":30000,"Data":{"data":timeouts}}')).toThrow('invalid JSON')
    expect(() => read('<html>', { write: true })).toThrow('invalid JSON; the change may or may not have been made, check before repeating it')
  })

  it('refuses JSON that is not an envelope', () => {
    expect(() => read('[]')).toThrow('answered dnat add without a Result or code field')
    expect(() => read('{"data":{}}')).toThrow('without a Result or code field')
    expect(() => read('{"Result":"ok"}')).toThrow(expect.objectContaining({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('unexpected shape (Result:') }))
    expect(() => read('{"code":0,"message":{"text":"x"}}')).toThrow('unexpected shape (message:')
  })

  it('reports HTTP errors with the router message when the body has one', () => {
    expect(() => read('{"ErrMsg":"busy"}', { status: 502 })).toThrow('iKuai at 192.168.1.1 answered dnat add with HTTP 502 Bad Gateway: busy')
    expect(() => read('<html>oops</html>', { status: 502, write: true })).toThrow('with HTTP 502 Bad Gateway; the change may or may not have been made')
  })

  it('tells success, refusal and an expired session apart per generation', () => {
    expect(isLoginSuccess(reply(3, 10000))).toBe(true)
    expect(isLoginSuccess(reply(3, 30000, 'Success'))).toBe(false)
    expect(isLoginSuccess(reply(4, 0))).toBe(true)
    expect(isCallSuccess(reply(3, 30000))).toBe(true)
    expect(isCallSuccess(reply(3, 10000, 'Success'))).toBe(true)
    expect(isCallSuccess(reply(3, 30001, 'failed'))).toBe(false)
    expect(isCallSuccess(reply(4, 0))).toBe(true)
    expect(isCallSuccess(reply(4, 30000, 'Success'))).toBe(false)
    expect(isSessionExpired(reply(3, 10014))).toBe(true)
    expect(isSessionExpired(reply(4, 1008))).toBe(true)
    expect(isSessionExpired(reply(3, 1008))).toBe(false)
    expect(isSessionExpired(reply(4, 10014))).toBe(false)
    expect(isSessionExpired(reply(4, 1, 'No login authentication'))).toBe(true)
  })

  it('shows router messages printable and bounded, or the code when there is none', () => {
    expect(routerMessage({ code: 30001, message: ' line one\nline two\u0007 ' })).toBe('line one line two')
    expect(routerMessage({ code: 30001, message: '' })).toBe('code 30001')
    expect(routerMessage({ code: 30001, message: 'x'.repeat(500) })).toBe(`${'x'.repeat(200)}…`)
  })
})
