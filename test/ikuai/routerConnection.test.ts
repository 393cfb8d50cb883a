import { describe, expect, it } from 'vitest'
import { loginForm } from '../../src-main/core/ikuai/loginForm'
import { resolveRouter } from '../../src-main/core/ikuai/routerConnection'

const account = { username: 'admin', password: 'pw' }

describe('router settings', () => {
  it('resolves http and https addresses with their default ports', () => {
    expect(resolveRouter({ baseUrl: 'http://192.168.1.1', ...account })).toMatchObject({
      system: 'iKuai',
      origin: 'http://192.168.1.1',
      endpoint: '192.168.1.1',
      hostname: '192.168.1.1',
      port: 80,
      https: false,
      fingerprint: null,
      timeoutMs: 10_000,
    })
    expect(resolveRouter({ baseUrl: 'https://[fd00::1]:8443/', ...account, fingerprint: 'ab'.repeat(32), timeoutMs: 500 })).toMatchObject({
      hostname: 'fd00::1',
      port: 8443,
      https: true,
      fingerprint: Array(32).fill('AB').join(':'),
      timeoutMs: 500,
    })
    expect(resolveRouter({ baseUrl: 'https://router.lan', ...account }).port).toBe(443)
  })

  it.each([
    [{ baseUrl: 'router.lan' }, 'baseUrl'],
    [{ baseUrl: 'ftp://router.lan' }, 'baseUrl'],
    [{ baseUrl: 'http://admin:pw@router.lan' }, 'baseUrl'],
    [{ baseUrl: 'http://router.lan/Action/login' }, 'baseUrl'],
    [{ baseUrl: 'http://router.lan/?x=1' }, 'baseUrl'],
    [{ username: '' }, 'username'],
    [{ password: '' }, 'password'],
    [{ fingerprint: 'ab'.repeat(32) }, 'fingerprint'],
    [{ baseUrl: 'https://router.lan', fingerprint: 'ab:cd' }, 'fingerprint'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
  ])('refuses %j', (change, field) => {
    expect(() => resolveRouter({ baseUrl: 'http://router.lan', ...account, ...change })).toThrow(expect.objectContaining({ code: 'VALIDATION', fields: { [field]: expect.any(String) } }))
  })
})

describe('login form', () => {
  it('is the majority form from the notes', () => {
    expect(loginForm('admin', 'admin')).toEqual({ username: 'admin', passwd: '21232f297a57a5a743894a0e4a801fc3', pass: 'c2FsdF8xMWFkbWlu', remember_password: '' })
  })
})
