import type { poolOperations } from '@shared/contract/ops/pools'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'

export function poolHandlers(s: DomainServices): HandlersFor<typeof poolOperations> {
  return {
    'pools.list': (input) => s.pools.list(input),
    'pools.get': (input) => s.pools.get(input.id),
    'pools.create': (input, ctx) => s.pools.create(input, ctx),
    'pools.update': (input, ctx) => s.pools.update(input, ctx),
    'pools.delete': (input, ctx) => {
      s.pools.delete(input.id, ctx)
      return null
    },
    'pools.allocations': (input) => s.pools.allocations(input),
  }
}
