// Dispatcher.run answers a synchronous handler synchronously (the proxy-auth fast path relies on it) and an
// async one with a promise; either way it validates the same, and every failure comes back as a Result.
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { Dispatcher, type Handlers } from '../../src-main/core/rpc/dispatcher'

const AUTH_INPUT = { node_key: 'k', addr: '203.0.113.9:4000', auth: 'alice:secret' }
const CALLER = { ip: '127.0.0.1', bearerToken: null }
const LOGIN_INPUT = { username: 'alice', password: 'secret' }
/** Lacks most of the user view, so the output check must refuse it. */
const INCOMPLETE_LOGIN_OUTPUT = { token: 't', expires_at: 1, user: { id: 1, username: 'alice' } }

function dispatcherWith(handlers: Partial<Handlers>): Dispatcher {
  return new Dispatcher(handlers as Handlers, () => null, pino({ level: 'silent' }))
}

describe('Dispatcher.run', () => {
  it('returns a synchronous handler’s result without a promise', () => {
    const dispatcher = dispatcherWith({ 'proxy.auth': (input) => ({ ok: true, id: input.auth.split(':')[0]! }) })
    expect(dispatcher.run('proxy.auth', AUTH_INPUT, CALLER)).toEqual({ ok: true, data: { ok: true, id: 'alice' } })
  })

  it('refuses invalid input synchronously, naming the field, without calling the handler', () => {
    let called = false
    const dispatcher = dispatcherWith({
      'proxy.auth': () => {
        called = true
        return { ok: true, id: 'x' }
      },
    })
    const result = dispatcher.run('proxy.auth', { ...AUTH_INPUT, auth: 7 }, CALLER)
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { auth: expect.any(String) } } })
    expect(called).toBe(false)
  })

  it('turns a synchronous throw into an error result: an AppError as it is, anything else as INTERNAL', () => {
    const refusing = dispatcherWith({
      'proxy.auth': () => {
        throw new AppError('CONFLICT', 'no')
      },
    })
    expect(refusing.run('proxy.auth', AUTH_INPUT, CALLER)).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'no' } })
    const broken = dispatcherWith({
      'proxy.auth': () => {
        throw new TypeError('bug')
      },
    })
    expect(broken.run('proxy.auth', AUTH_INPUT, CALLER)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('checks a synchronous handler’s output against the contract: an extra field is INTERNAL, not leaked', () => {
    const dispatcher = dispatcherWith({ 'proxy.auth': () => ({ ok: true, id: 'alice', password: 'secret' }) as never })
    expect(dispatcher.run('proxy.auth', AUTH_INPUT, CALLER)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('returns a promise for an async handler, with the same output check and error results', async () => {
    const answering = dispatcherWith({ 'auth.login': async () => INCOMPLETE_LOGIN_OUTPUT as never })
    const pending = answering.run('auth.login', LOGIN_INPUT, CALLER)
    expect(pending).toBeInstanceOf(Promise)
    expect(await pending).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    const rejecting = dispatcherWith({ 'auth.login': () => Promise.reject(new AppError('UNAUTHENTICATED', 'wrong password')) })
    expect(await rejecting.run('auth.login', LOGIN_INPUT, CALLER)).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'wrong password' } })
  })

  it('is what call() answers, always as a promise', async () => {
    const dispatcher = dispatcherWith({ 'proxy.auth': () => ({ ok: false, id: '' }) })
    const pending = dispatcher.call('proxy.auth', AUTH_INPUT, CALLER)
    expect(pending).toBeInstanceOf(Promise)
    expect(await pending).toEqual({ ok: true, data: { ok: false, id: '' } })
  })
})
