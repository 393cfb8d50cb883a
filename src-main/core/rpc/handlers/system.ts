import type { systemOperations } from '@shared/contract/ops/system'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'

export function systemHandlers(s: DomainServices): HandlersFor<typeof systemOperations> {
  return {
    'system.info': () => s.system.info(),
    'system.startServer': (input) => s.system.startServer(input),
    'system.stopServer': () => s.system.stopServer(),
  }
}
