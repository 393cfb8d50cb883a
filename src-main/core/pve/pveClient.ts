// Typed calls for the PVE endpoints proxdesk uses, one method per endpoint. Each reply is checked and
// normalised (replySchemas.ts); each async action returns the task's UPID, to be awaited with waitForTask.
import { AppError } from '@shared/errors'
import type { z } from 'zod'
import { readAs } from './lenient'
import { joinList, lxcWireParams } from './lxcParams'
import { resolveConnection, type PveConnectionConfig, type ResolvedConnection } from './pveConnection'
import { PveHttp, type PveHttpOptions } from './pveHttp'
import * as replies from './replySchemas'
import { displayPath, pvePath, type PveParams } from './requestEncoding'
import { readTaskLog, readTaskStatus, stopTask, waitForTask, type WaitForTaskOptions } from './tasks'
import type { PveTicket } from './ticketSession'
import type {
  AclEntry,
  ClusterResource,
  ClusterResourceType,
  CreateLxcParams,
  CreateRoleParams,
  CreateUserParams,
  DeleteLxcOptions,
  GuestResource,
  ListTasksFilters,
  LxcConfig,
  LxcConfigQuery,
  LxcSnapshot,
  LxcStatus,
  LxcSummary,
  PveNodeStatus,
  PveNodeSummary,
  PveRole,
  PveUser,
  PveVersion,
  RrdConsolidation,
  RrdRow,
  RrdTimeframe,
  SetAclParams,
  StorageFilters,
  StorageSummary,
  StorageVolume,
  TaskLogPage,
  TaskOutcome,
  TaskStatus,
  TaskSummary,
  TermProxyTicket,
  UpdateLxcConfigParams,
  UpdateUserParams,
  VncProxyOptions,
  VncProxyTicket,
} from './types'
import { parseUpid } from './upid'

export type PveClientOptions = PveHttpOptions

const lxcPath = (pveNode: string, vmid: number) => pvePath`/nodes/${pveNode}/lxc/${vmid}`

export class PveClient {
  private readonly http: PveHttp
  /** Where and how this client connects (credentials included), for the console bridge's own websocket. */
  readonly connection: ResolvedConnection
  private ticketClient: PveClient | null = null

  /** Throws VALIDATION when the connection settings are unusable; opens nothing until the first call. */
  constructor(
    private readonly config: PveConnectionConfig,
    private readonly options: PveClientOptions = {},
  ) {
    this.connection = resolveConnection(config)
    this.http = new PveHttp(this.connection, options)
  }

  /** The same connection authenticating by username and password only, for the console endpoints of PVE versions
   * that refuse API tokens there. Throws VALIDATION when the connection has no password. */
  withTicketLogin(): PveClient {
    if (this.connection.credentials.kind === 'ticket') return this
    if (!this.connection.login) throw new AppError('VALIDATION', 'this PVE connection has no username and password for a ticket login', { fields: { username: 'required for ticket login' } })
    this.ticketClient ??= new PveClient({ ...this.config, tokenId: undefined, tokenSecret: undefined }, this.options)
    return this.ticketClient
  }

  private async read<T>(schema: z.ZodType<T>, path: string, params?: PveParams): Promise<T> {
    return readAs(schema, await this.http.get(path, params), `GET ${displayPath(path)}`)
  }

  /** A POST that answers with data rather than a task. */
  private async postFor<T>(schema: z.ZodType<T>, path: string, params?: PveParams): Promise<T> {
    return readAs(schema, await this.http.post(path, params), `POST ${displayPath(path)}`)
  }

  /** Runs an async action and returns its UPID. */
  private async startTask(method: 'POST' | 'DELETE', path: string, params?: PveParams): Promise<string> {
    const data = method === 'POST' ? await this.http.post(path, params) : await this.http.delete(path, params)
    const upid = readAs(replies.upidReply, data, `${method} ${displayPath(path)}`)
    if (!parseUpid(upid)) throw new AppError('UPSTREAM_ERROR', `PVE answered ${method} ${displayPath(path)} without a task id`)
    return upid
  }

  // ---- cluster and nodes ----

  version(): Promise<PveVersion> {
    return this.read(replies.versionReply, '/version')
  }

  nodes(): Promise<PveNodeSummary[]> {
    return this.read(replies.nodesReply, '/nodes')
  }

  nodeStatus(pveNode: string): Promise<PveNodeStatus> {
    return this.read(replies.nodeStatusReply, pvePath`/nodes/${pveNode}/status`)
  }

  clusterResources(type: 'vm'): Promise<GuestResource[]>
  clusterResources(type?: ClusterResourceType): Promise<ClusterResource[]>
  clusterResources(type?: ClusterResourceType): Promise<ClusterResource[]> {
    return this.read(type === 'vm' ? replies.guestResourcesReply : replies.clusterResourcesReply, '/cluster/resources', { type })
  }

  /** The next free VMID; with `vmid`, that id if it is free (otherwise VALIDATION on pve.vmid). */
  nextId(vmid?: number): Promise<number> {
    return this.read(replies.nextIdReply, '/cluster/nextid', { vmid })
  }

  storages(pveNode: string, filters: StorageFilters = {}): Promise<StorageSummary[]> {
    return this.read(replies.storagesReply, pvePath`/nodes/${pveNode}/storage`, {
      content: joinList(filters.content, ','),
      enabled: filters.enabled,
      storage: filters.storage,
      target: filters.target,
    })
  }

  /** Volumes on a storage; content 'vztmpl' lists container templates. */
  storageContent(pveNode: string, storage: string, content?: string): Promise<StorageVolume[]> {
    return this.read(replies.storageContentReply, pvePath`/nodes/${pveNode}/storage/${storage}/content`, { content })
  }

  // ---- containers ----

  listLxc(pveNode: string): Promise<LxcSummary[]> {
    return this.read(replies.lxcListReply, pvePath`/nodes/${pveNode}/lxc`)
  }

  createLxc(pveNode: string, params: CreateLxcParams): Promise<string> {
    return this.startTask('POST', pvePath`/nodes/${pveNode}/lxc`, lxcWireParams(params))
  }

  deleteLxc(pveNode: string, vmid: number, options: DeleteLxcOptions = {}): Promise<string> {
    return this.startTask('DELETE', lxcPath(pveNode, vmid), {
      purge: options.purge,
      'destroy-unreferenced-disks': options.destroyUnreferencedDisks,
      force: options.force,
    })
  }

  lxcStatus(pveNode: string, vmid: number): Promise<LxcStatus> {
    return this.read(replies.lxcStatusReply, `${lxcPath(pveNode, vmid)}/status/current`)
  }

  lxcConfig(pveNode: string, vmid: number, query: LxcConfigQuery = {}): Promise<LxcConfig> {
    return this.read(replies.lxcConfigReply, `${lxcPath(pveNode, vmid)}/config`, { current: query.current, snapshot: query.snapshot })
  }

  /** Synchronous on PVE; some changes to a running container stay pending until its next start. */
  async updateLxcConfig(pveNode: string, vmid: number, params: UpdateLxcConfigParams): Promise<void> {
    await this.http.put(`${lxcPath(pveNode, vmid)}/config`, lxcWireParams(params))
  }

  startLxc(pveNode: string, vmid: number, options: { skiplock?: boolean } = {}): Promise<string> {
    return this.startTask('POST', `${lxcPath(pveNode, vmid)}/status/start`, { skiplock: options.skiplock })
  }

  /** Hard stop. `overruleShutdown` aborts a shutdown task in progress first. */
  stopLxc(pveNode: string, vmid: number, options: { skiplock?: boolean; overruleShutdown?: boolean } = {}): Promise<string> {
    return this.startTask('POST', `${lxcPath(pveNode, vmid)}/status/stop`, { skiplock: options.skiplock, 'overrule-shutdown': options.overruleShutdown })
  }

  /** Clean shutdown; `timeout` seconds (PVE default 60), then a hard stop if `forceStop`. */
  shutdownLxc(pveNode: string, vmid: number, options: { timeout?: number; forceStop?: boolean } = {}): Promise<string> {
    return this.startTask('POST', `${lxcPath(pveNode, vmid)}/status/shutdown`, { timeout: options.timeout, forceStop: options.forceStop })
  }

  rebootLxc(pveNode: string, vmid: number, options: { timeout?: number } = {}): Promise<string> {
    return this.startTask('POST', `${lxcPath(pveNode, vmid)}/status/reboot`, { timeout: options.timeout })
  }

  suspendLxc(pveNode: string, vmid: number): Promise<string> {
    return this.startTask('POST', `${lxcPath(pveNode, vmid)}/status/suspend`)
  }

  resumeLxc(pveNode: string, vmid: number): Promise<string> {
    return this.startTask('POST', `${lxcPath(pveNode, vmid)}/status/resume`)
  }

  // ---- snapshots ----

  /** Includes PVE's pseudo snapshot 'current'. */
  listSnapshots(pveNode: string, vmid: number): Promise<LxcSnapshot[]> {
    return this.read(replies.snapshotsReply, `${lxcPath(pveNode, vmid)}/snapshot`)
  }

  createSnapshot(pveNode: string, vmid: number, snapname: string, description?: string): Promise<string> {
    return this.startTask('POST', `${lxcPath(pveNode, vmid)}/snapshot`, { snapname, description })
  }

  deleteSnapshot(pveNode: string, vmid: number, snapname: string, options: { force?: boolean } = {}): Promise<string> {
    return this.startTask('DELETE', pvePath`/nodes/${pveNode}/lxc/${vmid}/snapshot/${snapname}`, { force: options.force })
  }

  rollbackSnapshot(pveNode: string, vmid: number, snapname: string, options: { start?: boolean } = {}): Promise<string> {
    return this.startTask('POST', pvePath`/nodes/${pveNode}/lxc/${vmid}/snapshot/${snapname}/rollback`, { start: options.start })
  }

  // ---- metrics ----

  rrddata(pveNode: string, vmid: number, timeframe: RrdTimeframe, cf?: RrdConsolidation): Promise<RrdRow[]> {
    return this.read(replies.rrdReply, `${lxcPath(pveNode, vmid)}/rrddata`, { timeframe, cf })
  }

  // ---- tasks ----

  listTasks(pveNode: string, filters: ListTasksFilters = {}): Promise<TaskSummary[]> {
    return this.read(replies.tasksReply, pvePath`/nodes/${pveNode}/tasks`, { ...filters, statusfilter: joinList(filters.statusfilter, ',') })
  }

  taskStatus(upid: string): Promise<TaskStatus> {
    return readTaskStatus(this.http, upid)
  }

  /** One page of the task's log; follow a running task by asking again from `start + lines.length`. */
  taskLog(upid: string, start = 0, limit = 50): Promise<TaskLogPage> {
    return readTaskLog(this.http, upid, start, limit)
  }

  stopTask(upid: string): Promise<void> {
    return stopTask(this.http, upid)
  }

  /** Polls until the task stops; `ok` also for 'WARNINGS: n'. */
  waitForTask(upid: string, options?: WaitForTaskOptions): Promise<TaskOutcome> {
    return waitForTask(this.http, upid, options)
  }

  // ---- consoles ----

  /** Open the websocket on this same PVE host right away: the ticket is valid for about 40 s. */
  vncproxy(pveNode: string, vmid: number, options: VncProxyOptions): Promise<VncProxyTicket> {
    return this.postFor(replies.vncProxyReply, `${lxcPath(pveNode, vmid)}/vncproxy`, { websocket: options.websocket, width: options.width, height: options.height })
  }

  termproxy(pveNode: string, vmid: number): Promise<TermProxyTicket> {
    return this.postFor(replies.termProxyReply, `${lxcPath(pveNode, vmid)}/termproxy`)
  }

  // ---- access: users, ACLs, roles ----

  async createUser(params: CreateUserParams): Promise<void> {
    await this.http.post('/access/users', { ...params, groups: joinList(params.groups, ',') })
  }

  async getUser(userid: string): Promise<PveUser> {
    return { userid, ...(await this.read(replies.userReply, pvePath`/access/users/${userid}`)) }
  }

  async updateUser(userid: string, params: UpdateUserParams): Promise<void> {
    await this.http.put(pvePath`/access/users/${userid}`, { ...params, groups: joinList(params.groups, ',') })
  }

  /** PVE removes the user's ACL entries and tokens with it. */
  async deleteUser(userid: string): Promise<void> {
    await this.http.delete(pvePath`/access/users/${userid}`)
  }

  listAcl(): Promise<AclEntry[]> {
    return this.read(replies.aclReply, '/access/acl')
  }

  async setAcl(params: SetAclParams): Promise<void> {
    await this.http.put('/access/acl', {
      path: params.path,
      roles: joinList(params.roles, ','),
      users: joinList(params.users, ','),
      tokens: joinList(params.tokens, ','),
      groups: joinList(params.groups, ','),
      propagate: params.propagate,
      delete: params.delete,
    })
  }

  listRoles(): Promise<PveRole[]> {
    return this.read(replies.rolesReply, '/access/roles')
  }

  async createRole(params: CreateRoleParams): Promise<void> {
    await this.http.post('/access/roles', { roleid: params.roleid, privs: joinList(params.privs, ',') })
  }

  // ---- session ----

  /** A fresh ticket from the connection's username and password, e.g. for the PVE console cookie. */
  login(): Promise<PveTicket> {
    return this.http.login()
  }

  /** Closes the connection pool; pending calls finish first. */
  async close(): Promise<void> {
    await Promise.all([this.http.close(), this.ticketClient?.close()])
  }
}
