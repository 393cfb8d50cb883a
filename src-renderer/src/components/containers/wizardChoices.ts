// The wizard's cascade: a connection narrows the PVE nodes to those its plans use, a node narrows the plans.
import type { PlanView } from '@shared/domain/plans'

export function pveNodesOf(plans: readonly PlanView[], connectionId: number | null): string[] {
  return [...new Set(plans.filter((plan) => plan.connection_id === connectionId).map((plan) => plan.pve_node))].sort()
}

export function plansAt(plans: readonly PlanView[], connectionId: number | null, pveNode: string | null): PlanView[] {
  return plans.filter((plan) => plan.connection_id === connectionId && plan.pve_node === pveNode)
}

/** 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' reads better as its file name. */
export function templateLabel(volid: string): string {
  return volid.split('/').at(-1) ?? volid
}

/** Keeps a choice that is still offered, else takes the only option, else clears it. */
export function keepOrOnly<T>(current: T | null, offered: readonly T[]): T | null {
  if (current !== null && offered.includes(current)) return current
  return offered.length === 1 ? offered[0]! : null
}
