// THE API contract: IPC, REST and the renderer's client are all derived from this one object.
// Each domain keeps its operations in ./ops; this file only joins them.
import type { z } from 'zod'
import { authOperations } from './ops/auth'
import { userOperations } from './ops/users'
import { nodeOperations } from './ops/nodes'
import { proxyOperations } from './ops/proxy'
import { auditOperations } from './ops/audit'
import { pveOperations } from './ops/pve'
import { containerOperations } from './ops/containers'
import { poolOperations } from './ops/pools'
import { natOperations } from './ops/nat'
import { dashboardOperations } from './ops/dashboard'
import { systemOperations } from './ops/system'
import { consoleOperations } from './ops/console'

export const contract = {
  ...authOperations,
  ...userOperations,
  ...nodeOperations,
  ...proxyOperations,
  ...auditOperations,
  ...pveOperations,
  ...containerOperations,
  ...poolOperations,
  ...natOperations,
  ...dashboardOperations,
  ...systemOperations,
  ...consoleOperations,
}

export type Contract = typeof contract
export type OperationName = keyof Contract
/** What a caller sends (before defaults and coercion). */
export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>
/** What a handler receives (validated, defaults applied). */
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>
export type OutputOf<N extends OperationName> = z.output<Contract[N]['output']>

export const OPERATION_NAMES = Object.keys(contract) as OperationName[]
