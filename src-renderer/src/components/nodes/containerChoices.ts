import type { ContainerView } from '@shared/domain/containers'

/**
 * Candidates for linking a node record: never deleted ones, each once, and those already holding the record's
 * address first — a Hysteria node usually runs in the container that owns its IP.
 */
export function rankContainerChoices(candidates: readonly ContainerView[], recordIp: string): ContainerView[] {
  const seen = new Set<number>()
  const usable = candidates.filter((container) => container.state !== 'deleted' && !seen.has(container.id) && seen.add(container.id))
  const sameIp = usable.filter((container) => container.ip_address === recordIp)
  return [...sameIp, ...usable.filter((container) => container.ip_address !== recordIp)]
}
