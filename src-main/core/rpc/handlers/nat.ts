import type { natOperations } from '@shared/contract/ops/nat'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'

export function natHandlers(s: DomainServices): HandlersFor<typeof natOperations> {
  return {
    'routers.list': () => ({ items: s.routers.list() }),
    'routers.get': (input) => s.routers.get(input.id),
    'routers.create': (input, ctx) => s.routers.create(input, ctx),
    'routers.update': (input, ctx) => s.routers.update(input, ctx),
    'routers.delete': (input, ctx) => {
      s.routers.delete(input.id, ctx)
      return null
    },
    'routers.test': (input) => s.routers.test(input.id),
    'nat.list': (input) => ({ items: s.nat.list(input.id) }),
    'nat.add': ({ id, ...mapping }, ctx) => s.nat.add(id, mapping, ctx),
    'nat.delete': async (input, ctx) => {
      await s.nat.remove(input.id, input.mapping_id, ctx)
      return null
    },
    'nat.reconcile': (input) => s.nat.reconcile(input.id),
    'nat.repair': (input, ctx) => s.nat.repair(input.id, ctx),
  }
}
