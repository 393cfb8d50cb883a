import type { proxyOperations } from '@shared/contract/ops/proxy'
import type { auditOperations } from '@shared/contract/ops/audit'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'
import { ownUserId } from './ownUser'

export function proxyHandlers(s: DomainServices): HandlersFor<typeof proxyOperations & typeof auditOperations> {
  return {
    'proxy.config': (_input, ctx) => s.proxyConfig.configFor(ownUserId(ctx)),
    'proxy.subscription': (input) => s.proxyConfig.subscription(input.sub_token, input.format),
    'proxy.auth': (input, ctx) => s.proxyAuth.authenticate(input, ctx.ip),
    'audit.list': (input) => s.audit.list(input),
  }
}
