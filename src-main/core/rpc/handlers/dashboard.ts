import type { dashboardOperations } from '@shared/contract/ops/dashboard'
import type { DomainServices } from '../../services'
import type { HandlersFor } from '../dispatcher'
import { dashboardSummary } from '../../dashboard/dashboardSummary'

export function dashboardHandlers(s: DomainServices): HandlersFor<typeof dashboardOperations> {
  return {
    'dashboard.summary': () => {
      s.audit.flush()
      return dashboardSummary(s.db, s.clock.now(), s.nodeGroups.publicUrl)
    },
  }
}
