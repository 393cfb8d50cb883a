// The four power actions as the screens name them, and which of them interrupt a running container.
import { POWER_ACTIONS } from '@shared/domain/containers'
import type { MessageKey } from '../../i18n'

export type PowerAction = (typeof POWER_ACTIONS)[number]
export { POWER_ACTIONS }

export const POWER_LABELS: Record<PowerAction, MessageKey> = {
  start: 'containers.start',
  shutdown: 'containers.shutdown',
  reboot: 'containers.reboot',
  stop: 'containers.stop',
}
