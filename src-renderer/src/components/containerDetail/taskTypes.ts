import { t, type MessageKey } from '../../i18n'

/** Proxmox names container tasks vz…; the common ones get words, others show as Proxmox says them. */
const TASK_TYPE_LABELS: Record<string, MessageKey> = {
  vzcreate: 'containerDetail.taskVzcreate',
  vzstart: 'containerDetail.taskVzstart',
  vzshutdown: 'containerDetail.taskVzshutdown',
  vzstop: 'containerDetail.taskVzstop',
  vzreboot: 'containerDetail.taskVzreboot',
  vzdestroy: 'containerDetail.taskVzdestroy',
  vzsnapshot: 'containerDetail.taskVzsnapshot',
  vzdelsnapshot: 'containerDetail.taskVzdelsnapshot',
  vzrollback: 'containerDetail.taskVzrollback',
}
export function taskTypeLabel(type: string): string {
  const key = TASK_TYPE_LABELS[type]
  return key ? `${t(key)} (${type})` : type
}
