import type { nodeOperations } from '@shared/contract/ops/nodes'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'

export function nodeHandlers(s: DomainServices): HandlersFor<typeof nodeOperations> {
  return {
    'nodes.list': (input, ctx) => s.nodes.list(input, ctx.actor?.permission === 'admin'),
    'nodes.create': (input, ctx) => s.nodes.create(input, ctx),
    'nodes.update': (input, ctx) => s.nodes.update(input, ctx),
    'nodes.delete': (input, ctx) => {
      s.nodes.delete(input.id, ctx)
      return null
    },
    'nodeGroups.list': () => ({ items: s.nodeGroups.list() }),
    'nodeGroups.rotateKey': (input, ctx) => s.nodeGroups.rotateKey(input.server_group, ctx),
  }
}
