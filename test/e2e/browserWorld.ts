// One world for browser tests: a real `proxdesk serve` (built renderer, temp database), optionally the fake PVE
// and the fake iKuai with a connection, pools and a plan already made, and headless Chromium signed in as admin.
// Needs `npx electron-vite build` first (npm test does it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import type { InputOf, OperationName, OutputOf } from '../../src-shared/contract/index'
import { startServer, type RunningServer } from '../../src-main/server/serve'
import { startFakePve, type FakePve, type FakePveOptions } from '../fakes/pve/index'
import { startFakeIkuai, type FakeIkuai } from '../fakes/ikuai/index'
import { smallPlan } from '../helpers/planFixture'

export const CHROMIUM = '/usr/bin/chromium'
export const ADMIN = { username: 'admin', password: 'e2e-admin-password' }
export { TEMPLATE } from '../helpers/planFixture'
/** Where the renderer was built: out/ by default; PROXDESK_TEST_OUT_DIR lets parallel work build elsewhere. */
const RENDERER_DIR = join(process.env.PROXDESK_TEST_OUT_DIR ?? join(import.meta.dirname, '../../out'), 'renderer')
/** Browser tests need Chromium and a built renderer; without them they are skipped, not failed. */
export const canRunBrowser = existsSync(CHROMIUM) && existsSync(join(RENDERER_DIR, 'index.html'))

export interface BrowserWorldOptions {
  /** Start the fake PVE and create a pinned connection, an IPv4 and a VMID pool and a plan. */
  pve?: boolean
  /** Also start the fake iKuai (3.x) and make the plan a NAT plan with a port pool on it. */
  nat?: boolean
  /** Sign in through the login page before the first test. Default true. */
  signIn?: boolean
  /** Extra options for the fake PVE (its console's VNC server, for instance). */
  pveOptions?: FakePveOptions
}

export interface BrowserWorld {
  server: RunningServer
  context: BrowserContext
  page: Page
  fakePve: FakePve | undefined
  router: FakeIkuai | undefined
  /** Ids of what `pve`/`nat` created (null when not asked for). */
  seeded: { connectionId: number; ipPoolId: number; vmidPoolId: number; portPoolId: number | null; routerId: number | null; planId: number } | null
  /** Calls an operation as an admin, straight through the dispatcher, and throws on an error reply. */
  call<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>
  /** Saves a PNG that outlives the run, so a person can look at what the UI showed. */
  screenshot(name: string): Promise<string>
  signIn(): Promise<void>
  close(): Promise<void>
}

const TRUSTED_ADMIN = { ip: null, trustedActor: { id: null, username: 'e2e', permission: 'admin' as const } }
const ARTIFACTS = mkdtempSync(join(tmpdir(), 'proxdesk-e2e-shots-'))

export async function startBrowserWorld(options: BrowserWorldOptions = {}): Promise<BrowserWorld> {
  const work = mkdtempSync(join(tmpdir(), 'proxdesk-e2e-'))
  const fakePve = options.pve || options.nat ? await startFakePve({ taskDurationMs: 150, authFailureDelayMs: 0, ...options.pveOptions }) : undefined
  const router = options.nat ? await startFakeIkuai({ generation: 3 }) : undefined
  const server = await startServer({
    dbPath: join(work, 'proxdesk.db'),
    host: '127.0.0.1',
    port: 0,
    publicUrl: 'https://panel.example.com',
    rendererDir: RENDERER_DIR,
    env: { PROXDESK_ADMIN_USERNAME: ADMIN.username, PROXDESK_ADMIN_PASSWORD: ADMIN.password },
    logger: pino({ level: 'silent' }),
  })
  const call: BrowserWorld['call'] = async (name, input) => {
    const reply = await server.services.dispatcher.call(name, input, TRUSTED_ADMIN)
    if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message} ${JSON.stringify(reply.error.fields ?? {})}`)
    return reply.data
  }
  const seeded = fakePve ? await seedPveWorld(call, fakePve, router) : null
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 820 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const world: BrowserWorld = {
    server,
    context,
    page,
    fakePve,
    router,
    seeded,
    call,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`)
      await page.screenshot({ path, fullPage: false })
      console.log(`screenshot: ${path}`)
      return path
    },
    async signIn() {
      await page.goto(`${server.url}/`)
      await page.locator('input[name="username"]').fill(ADMIN.username)
      await page.locator('input[name="password"]').fill(ADMIN.password)
      await page.locator('[data-test="login-submit"]').click()
      await page.waitForURL(/#\/dashboard/)
    },
    async close() {
      await context.close()
      await server.close()
      await fakePve?.close()
      await router?.close()
      rmSync(work, { recursive: true, force: true })
    },
  }
  if (options.signIn ?? true) await world.signIn()
  return world
}

async function seedPveWorld(call: BrowserWorld['call'], fakePve: FakePve, router: FakeIkuai | undefined): Promise<NonNullable<BrowserWorld['seeded']>> {
  const connection = await call('connections.create', {
    name: 'lab',
    base_url: fakePve.url,
    token_id: fakePve.rootToken.tokenId,
    token_secret: fakePve.rootToken.secret,
    fingerprint: fakePve.fingerprint,
  })
  const ipPool = await call('pools.create', { kind: 'ipv4', name: 'lan', cidr: '10.0.0.0/28', gateway: '10.0.0.1', dns: ['1.1.1.1'] })
  const vmidPool = await call('pools.create', { kind: 'vmid', name: 'ids', first: 200, last: 219 })
  let routerId: number | null = null
  let portPoolId: number | null = null
  if (router) {
    routerId = (await call('routers.create', { name: 'edge', base_url: router.url, username: router.username, password: router.password, public_host: 'nat.example.com' })).id
    portPoolId = (await call('pools.create', { kind: 'port', name: 'wan-ports', first: 20000, last: 20099 })).id
  }
  const plan = await call('plans.create', smallPlan({ connectionId: connection.id, ipPoolId: ipPool.id, vmidPoolId: vmidPool.id, routerId, portPoolId, natRuleLimit: router ? 5 : 0 }))
  return { connectionId: connection.id, ipPoolId: ipPool.id, vmidPoolId: vmidPool.id, portPoolId, routerId, planId: plan.id }
}
