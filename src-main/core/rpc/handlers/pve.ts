import type { pveOperations } from '@shared/contract/ops/pve'
import type { containerOperations } from '@shared/contract/ops/containers'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'

export function pveHandlers(s: DomainServices): HandlersFor<typeof pveOperations & typeof containerOperations> {
  return {
    'connections.list': () => ({ items: s.connections.list() }),
    'connections.get': (input) => s.connections.get(input.id),
    'connections.create': (input, ctx) => s.connections.create(input, ctx),
    'connections.update': (input, ctx) => s.connections.update(input, ctx),
    'connections.delete': (input, ctx) => {
      s.connections.delete(input.id, ctx)
      return null
    },
    'connections.test': (input) => s.connections.testLink(input.id),
    'plans.list': () => ({ items: s.plans.list() }),
    'plans.get': (input) => s.plans.get(input.id),
    'plans.create': (input, ctx) => s.plans.create(input, ctx),
    'plans.update': (input, ctx) => s.plans.update(input, ctx),
    'plans.delete': (input, ctx) => {
      s.plans.delete(input.id, ctx)
      return null
    },
    'containers.list': (input) => s.containers.list(input),
    'containers.get': (input) => s.containers.get(input.id),
    'containers.create': (input, ctx) => s.containers.create(input, ctx),
    'containers.preview': (input) => s.containers.previewAllocation(input.id),
    'containers.delete': (input, ctx) => s.containers.terminate(input.id, ctx),
    'containers.power': (input, ctx) => s.containers.power(input.id, input.action, ctx),
    'containers.suspend': (input, ctx) => s.containers.suspend(input.id, ctx),
    'containers.unsuspend': (input, ctx) => s.containers.unsuspend(input.id, ctx),
    'containers.status': (input) => s.containerReads.status(input.id),
    'containers.config': (input) => s.containerReads.config(input.id),
    'containers.snapshots': async (input) => ({ items: await s.containerReads.snapshots(input.id) }),
    'containers.createSnapshot': (input) => s.containerReads.snapshotAction(input.id, 'create', input.name, input.description),
    'containers.rollbackSnapshot': (input) => s.containerReads.snapshotAction(input.id, 'rollback', input.name),
    'containers.deleteSnapshot': (input) => s.containerReads.snapshotAction(input.id, 'delete', input.name),
    'containers.tasks': async (input) => ({ items: await s.containerReads.tasks(input.id) }),
    'containers.taskLog': (input) => s.containerReads.taskLog(input.id, input.upid, input.start, input.limit),
    'containers.rrd': (input) => s.containerReads.rrd(input.id, input.timeframe, input.cf),
    'cluster.overview': async (input) => ({ items: await s.containerReads.clusterOverview(input.id) }),
  }
}
