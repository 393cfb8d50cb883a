// A PVE world for container tests: the fake PVE, the real services on a real SQLite file, and an admin
// API with a pinned connection, pools and a plan, all created through the REST routes.
import { afterEach, beforeEach } from 'vitest'
import { startFakePve, type FakePve, type FakePveOptions } from '../fakes/pve/index'
import { startFakeIkuai, type FakeIkuai } from '../fakes/ikuai/index'
import { useTestApi, type TestApi } from './testApi'
import { smallPlan, TEMPLATE } from './planFixture'

export { TEMPLATE } from './planFixture'

export interface PveWorld {
  api: TestApi
  fake: FakePve
  /** Present when the world was made with the `nat` option; the plan is then a NAT plan on this router. */
  router: FakeIkuai | undefined
  routerId: number | null
  portPoolId: number | null
  connectionId: number
  planId: number
  ipPoolId: number
  vmidPoolId: number
  /** Calls the admin REST API and fails the test on an unexpected status. */
  admin(method: string, url: string, body?: unknown, expectStatus?: number): Promise<any>
  /** Creates a container and waits until its saga has settled. */
  createContainer(fields?: Record<string, unknown>): Promise<any>
  settle(id: number): Promise<any>
}

export interface PveWorldOptions {
  ipCidr?: string
  vmids?: [number, number]
  nat?: { ports: [number, number]; limit?: number; generation?: 3 | 4 }
  /** Passed to the fake PVE (its clock, for instance). */
  pve?: FakePveOptions
  upstreamTimeoutMs?: number
  undoRetryDelaysMs?: readonly number[]
}

export function usePveWorld(options: PveWorldOptions = {}): () => Promise<PveWorld> {
  let fake: FakePve | undefined
  let router: FakeIkuai | undefined
  const api = useTestApi({ upstreamTimeoutMs: options.upstreamTimeoutMs, undoRetryDelaysMs: options.undoRetryDelaysMs })
  // A fresh fake per test: PVE state must not leak from one test into the next.
  beforeEach(async () => {
    fake = await startFakePve({ taskDurationMs: 20, authFailureDelayMs: 0, ...options.pve })
    if (options.nat) router = await startFakeIkuai({ generation: options.nat.generation ?? 3 })
  })
  afterEach(async () => {
    await fake?.close()
    await router?.close()
  })

  return async () => {
    const t = await api()
    const admin: PveWorld['admin'] = async (method, url, body, expectStatus) => {
      const response = await t.request(method, url, { token: t.adminToken, body })
      if (expectStatus !== undefined && response.status !== expectStatus) {
        throw new Error(`${method} ${url}: expected ${expectStatus}, got ${response.status} ${response.body}`)
      }
      return response.json
    }
    const connection = await admin(
      'POST',
      '/api/pve/connections',
      { name: 'lab', base_url: fake!.url, token_id: fake!.rootToken.tokenId, token_secret: fake!.rootToken.secret, fingerprint: fake!.fingerprint },
      201,
    )
    const ipPool = await admin('POST', '/api/pools', { kind: 'ipv4', name: 'lan', cidr: options.ipCidr ?? '10.0.0.0/28', gateway: '10.0.0.1', dns: ['1.1.1.1'] }, 201)
    const [first, last] = options.vmids ?? [200, 219]
    const vmidPool = await admin('POST', '/api/pools', { kind: 'vmid', name: 'ids', first, last }, 201)
    let routerId: number | null = null
    let portPoolId: number | null = null
    if (options.nat && router) {
      routerId = (await admin('POST', '/api/routers', { name: 'edge', base_url: router.url, username: router.username, password: router.password, public_host: 'nat.example.com' }, 201)).id
      const [first, last] = options.nat.ports
      portPoolId = (await admin('POST', '/api/pools', { kind: 'port', name: 'wan-ports', first, last }, 201)).id
    }
    const plan = await admin(
      'POST',
      '/api/plans',
      smallPlan({ connectionId: connection.id, ipPoolId: ipPool.id, vmidPoolId: vmidPool.id, routerId, portPoolId, natRuleLimit: options.nat?.limit ?? 0 }),
      201,
    )
    const settle = async (id: number) => {
      await t.core.services.containers.settled(id)
      return admin('GET', `/api/containers/${id}`, undefined, 200)
    }
    const createContainer: PveWorld['createContainer'] = async (fields = {}) => {
      const created = await admin('POST', '/api/containers', { plan_id: plan.id, hostname: 'web1', password: 'root-password-1', template: TEMPLATE, ...fields }, 201)
      return settle(created.id)
    }
    return { api: t, fake: fake!, router, routerId, portPoolId, connectionId: connection.id, planId: plan.id, ipPoolId: ipPool.id, vmidPoolId: vmidPool.id, admin, createContainer, settle }
  }
}
