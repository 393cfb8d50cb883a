import type { CONTAINER_STATES } from '@shared/domain/containers'
import type { MessageKey } from '../../i18n'

export type ContainerState = (typeof CONTAINER_STATES)[number]

export const CONTAINER_STATE_LABELS: Record<ContainerState, MessageKey> = {
  creating: 'dashboard.stateCreating',
  running: 'dashboard.stateRunning',
  stopped: 'dashboard.stateStopped',
  suspended: 'dashboard.stateSuspended',
  failed: 'dashboard.stateFailed',
  deleting: 'dashboard.stateDeleting',
  deleted: 'dashboard.stateDeleted',
}

/** naive-ui tag colours: settled-good green, work in progress blue, needs attention red/orange. */
export const CONTAINER_STATE_TYPES: Record<ContainerState, 'success' | 'info' | 'warning' | 'error' | 'default'> = {
  creating: 'info',
  running: 'success',
  stopped: 'default',
  suspended: 'warning',
  failed: 'error',
  deleting: 'info',
  deleted: 'default',
}
