// Container snapshots (pve-container API2/LXC/Snapshot.pm with PVE::AbstractConfig's snapshot_* logic). The
// worker holds the config lock (`snapshot`, `snapshot-delete`, `rollback`) for as long as it runs.

import { configDigest, loadContainer, lockError } from '../containers'
import { pveDie, TaskError } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import type { ContainerConfig, FakeContainer } from '../state'
import { startContainerTask } from './lxcPower'

function container(ctx: HandlerContext): FakeContainer {
  return loadContainer(ctx.state, ctx.pveNode().name, ctx.integer('vmid')!)
}

/** Volumes of the container that live on storages without snapshot support. */
function snapshotUnsupported(ctx: HandlerContext, ct: FakeContainer): boolean {
  return ['rootfs', ...Object.keys(ct.config).filter((key) => /^mp\d+$/.test(key))]
    .map((key) => String(ct.config[key] ?? '').split(',')[0]?.split(':')[0] ?? '')
    .filter((storage) => storage !== '')
    .some((storage) => ctx.state.storages.get(storage)?.snapshots !== true)
}

function lvmName(ct: FakeContainer): string {
  return String(ct.config.rootfs ?? '').split(',')[0]?.split(':')[1] ?? `vm-${ct.vmid}-disk-0`
}

/**
 * Forks a snapshot worker. A failed precondition fails the task without taking the lock; otherwise the lock is
 * held until the work is done or the task is aborted.
 */
function snapshotTask(
  ctx: HandlerContext,
  ct: FakeContainer,
  spec: { type: string; lock: string; precondition: () => string | undefined; work: (log: (line: string) => void) => void },
): string {
  const failure = spec.precondition()
  if (failure === undefined) ct.config.lock = spec.lock
  const release = (): void => {
    if (ct.config.lock === spec.lock) delete ct.config.lock
  }
  return ctx.startTask({
    nodeName: ct.node,
    type: spec.type,
    id: String(ct.vmid),
    abort: failure === undefined ? release : undefined,
    execute: (log) => {
      if (failure !== undefined) throw new TaskError(failure)
      release()
      spec.work(log)
    },
  })
}

function withoutRuntimeKeys(config: ContainerConfig): ContainerConfig {
  const copy = { ...config }
  delete copy.lock
  return copy
}

export const snapshotRoutes: RouteTable = {
  'GET /nodes/{node}/lxc/{vmid}/snapshot': (ctx) => {
    const ct = container(ctx)
    const entries: Array<Record<string, unknown>> = [...ct.snapshots.values()].map((snapshot) => ({
      name: snapshot.name,
      description: snapshot.description,
      snaptime: snapshot.snaptime,
      ...(snapshot.parent !== undefined ? { parent: snapshot.parent } : {}),
    }))
    entries.push({
      name: 'current',
      description: 'You are here!',
      digest: configDigest(ct),
      running: ct.status === 'running' ? 1 : 0,
      ...(ct.config.parent !== undefined ? { parent: ct.config.parent } : {}),
    })
    return entries
  },

  'POST /nodes/{node}/lxc/{vmid}/snapshot': (ctx) => {
    const ct = container(ctx)
    const snapname = ctx.requiredString('snapname')
    if (snapname === 'current' || snapname === 'vzdump') throw pveDie(`unable to use snapshot name '${snapname}' (reserved name)`)
    return snapshotTask(ctx, ct, {
      type: 'vzsnapshot',
      lock: 'snapshot',
      precondition: () => {
        if (ct.snapshots.has(snapname)) return `snapshot name '${snapname}' already used`
        return lockError(ct) ?? (snapshotUnsupported(ctx, ct) ? 'snapshot feature is not available' : undefined)
      },
      work: (log) => {
        const parent = ct.config.parent === undefined ? undefined : String(ct.config.parent)
        const config = withoutRuntimeKeys(ct.config)
        ct.snapshots.set(snapname, {
          name: snapname,
          description: ctx.string('description') ?? '',
          snaptime: ctx.nowSeconds(),
          ...(parent !== undefined ? { parent } : {}),
          config,
        })
        ct.config.parent = snapname
        log(`  Logical volume "snap_${lvmName(ct)}_${snapname}" created.`)
      },
    })
  },

  'DELETE /nodes/{node}/lxc/{vmid}/snapshot/{snapname}': (ctx) => {
    const ct = container(ctx)
    const snapname = ctx.requiredString('snapname')
    return snapshotTask(ctx, ct, {
      type: 'vzdelsnapshot',
      lock: 'snapshot-delete',
      precondition: () => (ct.snapshots.has(snapname) ? lockError(ct) : `snapshot '${snapname}' does not exist`),
      work: (log) => {
        const removed = ct.snapshots.get(snapname)!
        ct.snapshots.delete(snapname)
        for (const snapshot of ct.snapshots.values()) {
          if (snapshot.parent === snapname) {
            if (removed.parent === undefined) delete snapshot.parent
            else snapshot.parent = removed.parent
          }
        }
        if (ct.config.parent === snapname) {
          if (removed.parent === undefined) delete ct.config.parent
          else ct.config.parent = removed.parent
        }
        log(`  Logical volume "snap_${lvmName(ct)}_${snapname}" successfully removed.`)
      },
    })
  },

  'POST /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback': (ctx) => {
    const ct = container(ctx)
    const snapname = ctx.requiredString('snapname')
    const startAfter = ctx.flag('start')
    return snapshotTask(ctx, ct, {
      type: 'vzrollback',
      lock: 'rollback',
      precondition: () => (ct.snapshots.has(snapname) ? lockError(ct) : `snapshot '${snapname}' does not exist`),
      work: (log) => {
        if (ct.status === 'running') {
          ct.status = 'stopped'
          delete ct.startedAt
          delete ct.pid
        }
        const snapshot = ct.snapshots.get(snapname)!
        ct.config = { ...snapshot.config, parent: snapname }
        log(`  Logical volume "${lvmName(ct)}" successfully removed.`)
        log(`  Logical volume "${lvmName(ct)}" created.`)
        if (startAfter) startContainerTask(ctx, ct)
      },
    })
  },
}
