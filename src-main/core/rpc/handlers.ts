import type { DomainServices } from '../services'
import type { Handlers } from './dispatcher'
import { userHandlers } from './handlers/users'
import { nodeHandlers } from './handlers/nodes'
import { proxyHandlers } from './handlers/proxy'
import { pveHandlers } from './handlers/pve'
import { poolHandlers } from './handlers/pools'
import { natHandlers } from './handlers/nat'
import { dashboardHandlers } from './handlers/dashboard'
import { systemHandlers } from './handlers/system'
import { consoleHandlers } from './handlers/console'

/** Every contract operation mapped onto a service call; a missing or extra one is a type error. */
export function createHandlers(s: DomainServices): Handlers {
  return {
    ...userHandlers(s),
    ...nodeHandlers(s),
    ...proxyHandlers(s),
    ...pveHandlers(s),
    ...poolHandlers(s),
    ...natHandlers(s),
    ...dashboardHandlers(s),
    ...systemHandlers(s),
    ...consoleHandlers(s),
  }
}
