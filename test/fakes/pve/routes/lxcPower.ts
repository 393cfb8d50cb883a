// Power actions (pve-container API2/LXC/Status.pm). The running-state checks happen in the API call and answer
// 500 at once; config and lock checks happen inside the worker and make the task fail.

import { loadContainer, lockError } from '../containers'
import { paramException, pveDie, TaskError } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import type { FakeContainer } from '../state'

/** check_lock as the workers do it: `skiplock` (root only) and the `mounted` lock let the action through. */
function assertUnlockedInWorker(ct: FakeContainer, skiplock: boolean): void {
  const locked = lockError(ct)
  if (locked && !skiplock && ct.config.lock !== 'mounted') throw new TaskError(locked)
}

function markRunning(ctx: HandlerContext, ct: FakeContainer): void {
  ct.status = 'running'
  ct.startedAt = ctx.services.clock()
  ct.pid = 100_000 + Math.floor(Math.random() * 900_000)
}

function markStopped(ct: FakeContainer): void {
  ct.status = 'stopped'
  delete ct.startedAt
  delete ct.pid
}

function startContainer(ctx: HandlerContext, ct: FakeContainer): void {
  if (Number(ct.config.template ?? 0) === 1) throw new TaskError("you can't start a CT if it's a template")
  markRunning(ctx, ct)
}

/** The vzstart worker that create and rollback fork themselves when called with start=1. */
export function startContainerTask(ctx: HandlerContext, ct: FakeContainer): string {
  return ctx.services.tasks.start({
    nodeName: ct.node,
    type: 'vzstart',
    id: String(ct.vmid),
    authid: ctx.authid,
    execute: () => {
      assertUnlockedInWorker(loadContainer(ctx.state, ct.node, ct.vmid), false)
      startContainer(ctx, ct)
    },
  }).upid
}

/** The container as the API call sees it; undefined when it has no config on this node. */
function target(ctx: HandlerContext): { ct: FakeContainer | undefined; vmid: number; nodeName: string } {
  const nodeName = ctx.pveNode().name
  const vmid = ctx.integer('vmid')!
  if (ctx.flag('skiplock') && ctx.authid !== 'root@pam') throw paramException({ skiplock: 'Only root may use this option.' })
  const ct = ctx.state.containers.get(vmid)
  return { ct: ct?.node === nodeName ? ct : undefined, vmid, nodeName }
}

/** A worker that re-loads the config, so a container without one fails the task rather than the call. */
function powerTask(
  ctx: HandlerContext,
  type: string,
  target: { vmid: number; nodeName: string },
  act: (ct: FakeContainer) => void,
  options: { checkLock: boolean } = { checkLock: true },
): string {
  return ctx.startTask({
    nodeName: target.nodeName,
    type,
    id: String(target.vmid),
    execute: () => {
      const ct = loadContainer(ctx.state, target.nodeName, target.vmid)
      if (options.checkLock) assertUnlockedInWorker(ct, ctx.flag('skiplock'))
      act(ct)
    },
  })
}

export const lxcPowerRoutes: RouteTable = {
  'POST /nodes/{node}/lxc/{vmid}/status/start': (ctx) => {
    const found = target(ctx)
    if (found.ct?.status === 'running') throw pveDie(`CT ${found.vmid} already running`)
    return powerTask(ctx, 'vzstart', found, (ct) => startContainer(ctx, ct))
  },

  'POST /nodes/{node}/lxc/{vmid}/status/stop': (ctx) => {
    const found = target(ctx)
    if (found.ct?.status !== 'running') throw pveDie(`CT ${found.vmid} not running`)
    return powerTask(ctx, 'vzstop', found, markStopped)
  },

  'POST /nodes/{node}/lxc/{vmid}/status/shutdown': (ctx) => {
    const found = target(ctx)
    if (found.ct?.status !== 'running') throw pveDie(`CT ${found.vmid} not running`)
    return powerTask(ctx, 'vzshutdown', found, markStopped)
  },

  // Status.pm really says "VM" here.
  'POST /nodes/{node}/lxc/{vmid}/status/reboot': (ctx) => {
    const found = target(ctx)
    if (found.ct?.status !== 'running') throw pveDie(`VM ${found.vmid} not running`)
    return powerTask(ctx, 'vzreboot', found, (ct) => markRunning(ctx, ct), { checkLock: false })
  },

  'POST /nodes/{node}/lxc/{vmid}/status/suspend': (ctx) => {
    const found = target(ctx)
    if (found.ct?.status !== 'running') throw pveDie(`CT ${found.vmid} not running`)
    return powerTask(ctx, 'vzsuspend', found, markStopped)
  },

  'POST /nodes/{node}/lxc/{vmid}/status/resume': (ctx) => {
    const found = target(ctx)
    if (found.ct?.status === 'running') throw pveDie(`CT ${found.vmid} already running`)
    return powerTask(ctx, 'vzresume', found, (ct) => markRunning(ctx, ct), { checkLock: false })
  },
}
