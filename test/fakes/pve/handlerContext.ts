// What a route handler gets: the validated parameters, who is calling, and the fake's services. It plays the
// part of PVE's RPCEnvironment (get_user, set_result_attrib('total'), fork_worker).

import type { Authenticator, Identity } from './auth'
import type { ConsoleHub } from './console/consoleHub'
import { pveDie } from './errors'
import type { FaultInjector } from './faults'
import type { PermissionEngine } from './permissions'
import { perlString, type ParamValidator, type ParamValue } from './schema/validateParams'
import type { Clock, FakeNode, FakePveState } from './state'
import type { TaskRunner, TaskSpec } from './tasks'

export interface FakeServices {
  state: FakePveState
  clock: Clock
  tasks: TaskRunner
  permissions: PermissionEngine
  auth: Authenticator
  faults: FaultInjector
  validator: ParamValidator
  /** The cluster CA (pve-root-ca.pem), which vncproxy returns as `cert`. */
  caPem: () => string
  /** The console proxies (vncproxy/termproxy) and their tickets. */
  consoles: ConsoleHub
}

export type Handler = (ctx: HandlerContext) => unknown

/** Handlers by `METHOD /schema/path`, e.g. `GET /nodes/{node}/lxc`. */
export type RouteTable = Record<string, Handler>

/** The message PVE gives when a request names a node the cluster does not know. */
export function unknownNodeError(nodeName: string): Error {
  return pveDie(`hostname lookup '${nodeName}' failed - failed to get address info for: ${nodeName}: Name or service not known`)
}

export class HandlerContext {
  total: number | undefined

  constructor(
    readonly services: FakeServices,
    readonly params: Record<string, ParamValue>,
    readonly identity: Identity | undefined,
    readonly request: { method: string; fullPath: string },
  ) {}

  get state(): FakePveState {
    return this.services.state
  }

  /** The caller's user or token id; every handler but the ticket login has one. */
  get authid(): string {
    if (!this.identity) throw new Error('fake PVE: handler needs an authenticated caller')
    return this.identity.authid
  }

  nowSeconds(): number {
    return Math.floor(this.services.clock() / 1000)
  }

  string(name: string): string | undefined {
    const value = this.params[name]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'boolean') return value ? '1' : '0'
    return typeof value === 'string' || typeof value === 'number' ? perlString(value) : undefined
  }

  requiredString(name: string): string {
    const value = this.string(name)
    if (value === undefined) throw new Error(`fake PVE: parameter '${name}' passed validation but is missing`)
    return value
  }

  integer(name: string): number | undefined {
    const value = this.string(name)
    return value === undefined ? undefined : Number(value)
  }

  /** A validated boolean parameter: '1' or JSON true. */
  flag(name: string): boolean {
    return this.string(name) === '1'
  }

  pveNode(): FakeNode {
    const nodeName = this.requiredString('node')
    const pveNode = this.state.nodes.get(nodeName)
    if (!pveNode) throw unknownNodeError(nodeName)
    return pveNode
  }

  /** fork_worker: starts the task (honouring task-fail faults) and returns its UPID. */
  startTask(spec: Omit<TaskSpec, 'authid' | 'injectedFailure'>): string {
    const injectedFailure = this.services.faults.taskFailure(this.request.method, this.request.fullPath)
    return this.services.tasks.start({ ...spec, authid: this.authid, injectedFailure }).upid
  }
}
