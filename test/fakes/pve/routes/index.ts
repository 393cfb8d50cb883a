import type { RouteTable } from '../handlerContext'
import { accessRoleRoutes } from './accessRoles'
import { accessTicketRoutes } from './accessTicket'
import { accessUserRoutes } from './accessUsers'
import { accessVncTicketRoutes } from './accessVncTicket'
import { clusterRoutes } from './cluster'
import { consoleRoutes } from './consoles'
import { lxcRoutes } from './lxc'
import { lxcConfigRoutes } from './lxcConfig'
import { lxcCreateRoutes } from './lxcCreate'
import { lxcPowerRoutes } from './lxcPower'
import { snapshotRoutes } from './snapshots'
import { storageRoutes } from './storage'
import { taskRoutes } from './tasks'

/** Every schema method the fake really implements; the rest are validated and then answered with 501. */
export const ROUTES: RouteTable = {
  ...clusterRoutes,
  ...lxcRoutes,
  ...lxcCreateRoutes,
  ...lxcConfigRoutes,
  ...lxcPowerRoutes,
  ...snapshotRoutes,
  ...consoleRoutes,
  ...taskRoutes,
  ...storageRoutes,
  ...accessTicketRoutes,
  ...accessUserRoutes,
  ...accessRoleRoutes,
  ...accessVncTicketRoutes,
}
