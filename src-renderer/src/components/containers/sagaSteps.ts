// The create saga's journal as the wizard shows it: every step the plan will run, in order, with its status.
import type { ContainerView } from '@shared/domain/containers'
import type { MessageKey } from '../../i18n'

export type StepStatus = ContainerView['steps'][number]['status'] | 'pending'

const CREATE_STEPS = ['allocate_vmid', 'allocate_ip', 'create_pve_user', 'create_ct', 'start_ct'] as const

export const STEP_LABELS: Record<string, MessageKey> = {
  allocate_vmid: 'containers.sagaAllocateVmid',
  allocate_ip: 'containers.sagaAllocateIp',
  create_pve_user: 'containers.sagaCreatePveUser',
  create_ct: 'containers.sagaCreateCt',
  start_ct: 'containers.sagaStartCt',
  map_ssh: 'containers.sagaMapSsh',
}

export const STEP_STATUS_LABELS: Record<StepStatus, MessageKey> = {
  pending: 'containers.stepPending',
  started: 'containers.stepStarted',
  done: 'containers.stepDone',
  failed: 'containers.stepFailed',
  undone: 'containers.stepUndone',
}

export interface ShownStep {
  step: string
  status: StepStatus
  error: string | null
}

/** The journal's create steps, with the ones not reached yet listed as pending so the whole road is visible. */
export function createSagaSteps(container: Pick<ContainerView, 'network_mode' | 'steps'>): ShownStep[] {
  const planned: string[] = [...CREATE_STEPS, ...(container.network_mode === 'nat' ? ['map_ssh'] : [])]
  const journal = new Map(container.steps.filter((entry) => entry.saga === 'create').map((entry) => [entry.step, entry]))
  const extra = [...journal.keys()].filter((step) => !planned.includes(step))
  return [...planned, ...extra].map((step) => {
    const entry = journal.get(step)
    return { step, status: entry?.status ?? 'pending', error: entry?.error ?? null }
  })
}
