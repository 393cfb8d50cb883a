import type { consoleOperations } from '@shared/contract/ops/console'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'

export function consoleHandlers(s: DomainServices): HandlersFor<typeof consoleOperations> {
  return {
    'containers.console': (input, ctx) => s.consoles.open(input.id, input.kind, ctx),
    'containers.openPveConsole': (input, ctx) => s.consoles.openPveConsolePage(input.id, ctx),
  }
}
