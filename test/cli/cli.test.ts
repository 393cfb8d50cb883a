// Runs the built CLI (out/main/cli.js, from `npm run build`) as a user or a script would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { useTempDir } from '../helpers/tempDir'

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...options.env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(options.stdin ?? '')
  })
}

describe('proxdesk CLI', () => {
  const tempDir = useTempDir()
  const servers: ChildProcessWithoutNullStreams[] = []

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`)
  })
  afterEach(() => {
    for (const server of servers.splice(0)) server.kill('SIGKILL')
  })

  function startServe(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { PATH: process.env.PATH ?? '', ...env } })
    servers.push(child)
    let log = ''
    child.stdout.on('data', (d: Buffer) => (log += d.toString()))
    child.stderr.on('data', (d: Buffer) => (log += d.toString()))
    const listening = new Promise<string>((ready, fail) => {
      const check = () => {
        const line = log.split('\n').find((l) => l.includes('proxdesk server listening'))
        if (line) ready(JSON.parse(line).url as string)
      }
      child.stdout.on('data', check)
      child.on('close', (code) => fail(new Error(`serve exited with ${code}: ${log}`)))
    })
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
    return { child, listening, exited, log: () => log }
  }

  it('adds users from a script, reading the password from stdin', async () => {
    const db = join(tempDir(), 'cli.db')
    const added = await run(['user', 'add', '--db', db, '--username', 'ops', '--permission', 'admin', '--password-stdin'], { stdin: 'ops-password\n' })
    expect(added.code).toBe(0)
    const user = JSON.parse(added.stdout)
    expect(user).toMatchObject({ username: 'ops', permission: 'admin', is_active: true })
    expect(user.proxy_password).toMatch(/^\S{8,}$/)

    const again = await run(['user', 'add', '--db', db, '--username', 'OPS', '--password-stdin'], { stdin: 'ops-password' })
    expect(again.code).toBe(3)
    expect(again.stderr).toMatch(/username: username is already taken/)

    const badRole = await run(['user', 'add', '--db', db, '--username', 'x1y', '--permission', 'root', '--password-stdin'], { stdin: 'long-enough' })
    expect(badRole.code).toBe(2)
    expect(badRole.stderr).toMatch(/--permission/)

    const shortPassword = await run(['user', 'add', '--db', db, '--username', 'shorty', '--password-stdin'], { stdin: 'short' })
    expect(shortPassword.code).toBe(2)
    expect(shortPassword.stderr).toMatch(/password: at least 8 characters/)

    const noStdin = await run(['user', 'add', '--db', db, '--username', 'nostdin'])
    expect(noStdin.code).toBe(2)
    expect(noStdin.stderr).toMatch(/--password-stdin/)
  })

  it('rejects bad options with a message naming the option', async () => {
    const badPort = await run(['serve', '--db', join(tempDir(), 'x.db'), '--port', '70000'])
    expect(badPort.code).toBe(2)
    expect(badPort.stderr).toMatch(/--port: at most 65535/)
    const unknown = await run(['serve', '--verbose'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown option '--verbose'/)
    const nothing = await run(['frobnicate'])
    expect(nothing.code).toBe(2)
  })

  it('serves the REST API with a bootstrap admin, logs JSON without secrets and stops cleanly on SIGTERM', async () => {
    const db = join(tempDir(), 'serve.db')
    const server = startServe(['--db', db, '--port', '0'], { PROXDESK_ADMIN_USERNAME: 'boss', PROXDESK_ADMIN_PASSWORD: 'boss-password' })
    const url = await server.listening
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(url + path, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
      const text = await response.text()
      return { status: response.status, text, json: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined }
    }
    const login = await call('POST', '/api/login', undefined, { username: 'boss', password: 'boss-password' })
    expect(login.status).toBe(200)
    const token = login.json.token as string
    const user = await call('POST', '/api/users', token, { username: 'rider', password: 'rider-password' })
    expect(user.status).toBe(201)
    expect((await call('POST', '/api/nodes', token, { ip_address: '192.0.2.1', server_group: 'hk', salamander: 'obfs-pass' })).status).toBe(201)
    const group = (await call('GET', '/api/node-groups', token)).json.items[0]
    // --port 0: the snippet must name the port the OS chose, not 0.
    expect(group.auth_url).toBe(`${url}/api/proxy/auth/${group.node_key}`)
    const auth = await call('POST', `/api/proxy/auth/${group.node_key}`, undefined, { addr: '203.0.113.1:1', auth: `rider:${user.json.proxy_password}`, tx: 0 })
    expect(auth.json).toEqual({ ok: true, id: 'rider' })
    expect((await call('GET', `/sub/${user.json.sub_token}?format=clash`)).status).toBe(200)

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    const lines = server.log().trim().split('\n')
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow()
    expect(lines.some((l) => l.includes('created the bootstrap admin'))).toBe(true)
    expect(lines.some((l) => l.includes('shutting down'))).toBe(true)
    for (const secret of [group.node_key, user.json.sub_token, user.json.proxy_password, token, 'boss-password']) {
      expect(server.log()).not.toContain(secret)
    }
  })

  it('puts the database in the Electron user-data folder by default, or at PROXDESK_DB', async () => {
    const home = tempDir()
    const byDefault = await run(['user', 'add', '--username', 'someone', '--password-stdin'], { stdin: 'long-enough', env: { HOME: home, XDG_CONFIG_HOME: join(home, 'config') } })
    expect(byDefault.code).toBe(0)
    expect(existsSync(join(home, 'config', 'proxdesk', 'proxdesk.db'))).toBe(true)
    const byEnv = await run(['user', 'add', '--username', 'someone', '--password-stdin'], { stdin: 'long-enough', env: { HOME: home, PROXDESK_DB: join(home, 'env.db') } })
    expect(byEnv.code).toBe(0)
    expect(existsSync(join(home, 'env.db'))).toBe(true)
  })
})
