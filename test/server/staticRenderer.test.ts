import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { buildHttpServer } from '../../src-main/server/httpServer'
import { RENDERER_CSP } from '../../src-main/server/staticRenderer'
import { openTestCore, type TestCore } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'

describe('the built renderer served at /', () => {
  const tempDir = useTempDir()
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
    close = undefined
  })

  async function serverWithRenderer() {
    const rendererDir = join(tempDir(), 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>proxdesk</title><div id="app"></div>')
    writeFileSync(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log(1)')
    const core: TestCore = openTestCore(join(tempDir(), 'db'))
    const app = buildHttpServer({ services: core.services, logger: pino({ level: 'silent' }), rendererDir })
    await app.ready()
    close = async () => {
      await app.close()
      core.close()
    }
    return { app, core }
  }

  it('serves index.html with the CSP header and fingerprinted assets as immutable', async () => {
    const { app } = await serverWithRenderer()
    const index = await app.inject({ method: 'GET', url: '/' })
    expect(index.statusCode).toBe(200)
    expect(index.headers['content-type']).toMatch(/text\/html/)
    expect(index.body).toContain('<div id="app"></div>')
    expect(index.headers['content-security-policy']).toBe(RENDERER_CSP)
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect(index.headers['cache-control']).toBe('no-cache')
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toContain('immutable')
  })

  it('keeps every /api route working and unknown paths a JSON 404', async () => {
    const { app } = await serverWithRenderer()
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'nobody', password: 'wrong-password' } })
    expect(login.statusCode).toBe(401)
    expect(login.json().error.code).toBe('UNAUTHENTICATED')
    const unauthenticated = await app.inject({ method: 'GET', url: '/api/users' })
    expect(unauthenticated.statusCode).toBe(401)
    for (const url of ['/api/nope', '/api/users/1/nope', '/not-a-file.html', '/assets/missing.js']) {
      const missing = await app.inject({ method: 'GET', url })
      expect(missing.statusCode, url).toBe(404)
      expect(missing.json().error.code, url).toBe('NOT_FOUND')
    }
  })

  it('serves no files when told not to', async () => {
    const core = openTestCore(join(tempDir(), 'db2'))
    const app = buildHttpServer({ services: core.services, logger: pino({ level: 'silent' }), rendererDir: null })
    close = async () => {
      await app.close()
      core.close()
    }
    const index = await app.inject({ method: 'GET', url: '/' })
    expect(index.statusCode).toBe(404)
    expect(index.json().error.code).toBe('NOT_FOUND')
  })
})
