// Wires the services of one database together. Transports (HTTP, IPC, CLI) only ever see `dispatcher`.
import type { Database } from './db/database'
import { AuditLog } from './audit/auditLog'
import { LoginThrottle, DEFAULT_THROTTLE, type ThrottleOptions } from './auth/loginThrottle'
import { SessionService } from './auth/sessionService'
import { systemClock, type Clock } from './clock'
import type { Logger } from './logger'
import { NodeGroupService } from './nodes/nodeGroupService'
import { NodeService } from './nodes/nodeService'
import { PoolService } from './pools/poolService'
import { ConnectionService } from './pve/connectionService'
import { PlanService } from './plans/planService'
import { ContainerService } from './containers/containerService'
import { ContainerReads } from './containers/containerReads'
import { ConsoleService } from './console/consoleService'
import { RouterService } from './nat/routerService'
import { NatService } from './nat/natService'
import { ProxyAuthService } from './proxy/proxyAuth'
import { ProxyConfigService } from './proxy/proxyConfigService'
import { Dispatcher } from './rpc/dispatcher'
import { createHandlers } from './rpc/handlers'
import { FieldCipher } from './secrets/fieldCipher'
import { UserService } from './users/userService'
import { SystemService } from './system/systemService'
import type { EmbeddedServerControl } from './system/embeddedServerControl'
import type { SecretStoreKind } from './secrets/secretStore'

export interface ServicesOptions {
  db: Database
  secretKey: Buffer
  logger: Logger
  /** Base URL Hysteria servers use to reach the auth endpoint (goes into server snippets); a function when it can
   * change while running, as the desktop's embedded server settings can. */
  publicUrl: string | (() => string)
  /** Where the secret key came from, for system.info. */
  secretStore?: SecretStoreKind
  /** The desktop app's built-in server; absent in the headless server and the CLI. */
  embeddedServer?: EmbeddedServerControl
  clock?: Clock
  sessionTtlSeconds?: number
  /** How often PVE tasks are polled; PVE's own UI uses 1 s. */
  pveTaskPollMs?: number
  /** Time budget of one PVE or iKuai call; the services' defaults when omitted (tests of hangs shorten it). */
  upstreamTimeoutMs?: number
  /** Pauses before a failed container undo is retried in-process; the service's default when omitted. */
  undoRetryDelaysMs?: readonly number[]
  throttle?: ThrottleOptions
}

export interface DomainServices {
  db: Database
  clock: Clock
  audit: AuditLog
  users: UserService
  sessions: SessionService
  nodes: NodeService
  nodeGroups: NodeGroupService
  proxyAuth: ProxyAuthService
  proxyConfig: ProxyConfigService
  pools: PoolService
  connections: ConnectionService
  plans: PlanService
  containers: ContainerService
  containerReads: ContainerReads
  consoles: ConsoleService
  routers: RouterService
  nat: NatService
  system: SystemService
}

export interface Services extends DomainServices {
  dispatcher: Dispatcher
}

const KEY_CHECK_PLAINTEXT = 'proxdesk key check'

/** Refuses to run with a key that cannot read this database's secrets, instead of failing on first use. */
function verifySecretKey(db: Database, cipher: FieldCipher): void {
  const stored = db.first(db.qb.selectFrom('meta').select('value').where('key', '=', 'key_check'))
  if (!stored) {
    db.run(db.qb.insertInto('meta').values({ key: 'key_check', value: cipher.encrypt(KEY_CHECK_PLAINTEXT, 'meta.key_check') }))
    return
  }
  let plain: string | null = null
  try {
    plain = cipher.decrypt(stored.value, 'meta.key_check')
  } catch {
    plain = null
  }
  if (plain !== KEY_CHECK_PLAINTEXT) {
    throw new Error(`the secret key does not match ${db.path}; start with the key this database was created with`)
  }
}

export function createServices(options: ServicesOptions): Services {
  const { db, logger, publicUrl } = options
  const clock = options.clock ?? systemClock
  const cipher = new FieldCipher(options.secretKey)
  verifySecretKey(db, cipher)
  const audit = new AuditLog(db, clock, (error) => logger.error({ err: error }, 'writing deferred audit entries failed; retrying'))
  const users = new UserService(db, cipher, audit, clock)
  const sessions = new SessionService(db, users, audit, new LoginThrottle(options.throttle ?? DEFAULT_THROTTLE), clock, options.sessionTtlSeconds ?? 12 * 3600)
  const pools = new PoolService(db, audit, clock)
  const connections = new ConnectionService(db, cipher, audit, options.upstreamTimeoutMs)
  const plans = new PlanService(db, audit)
  const wait = { intervalMs: options.pveTaskPollMs ?? 1000 }
  const routers = new RouterService(db, cipher, audit, options.upstreamTimeoutMs)
  const nat = new NatService(db, audit, pools, routers)
  const containers = new ContainerService(db, cipher, audit, plans, pools, connections, nat, logger, wait, options.undoRetryDelaysMs)
  const domain: DomainServices = {
    db,
    clock,
    audit,
    users,
    sessions,
    nodes: new NodeService(db, cipher, audit),
    nodeGroups: new NodeGroupService(db, cipher, audit, clock, typeof publicUrl === 'string' ? () => publicUrl : publicUrl),
    proxyAuth: new ProxyAuthService(db, cipher, audit, clock),
    proxyConfig: new ProxyConfigService(db, cipher, clock),
    pools,
    connections,
    plans,
    containers,
    routers,
    nat,
    system: new SystemService(db, options.secretStore ?? null, options.embeddedServer ?? null),
    containerReads: new ContainerReads(db, connections, (id) => containers.requireRow(id), wait),
    consoles: new ConsoleService(db, connections, (id) => containers.requireRow(id), audit, clock, logger),
  }
  return { ...domain, dispatcher: new Dispatcher(createHandlers(domain), (token) => sessions.authenticate(token), logger) }
}
