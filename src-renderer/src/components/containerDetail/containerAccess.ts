import type { ContainerView } from '@shared/domain/containers'

/** States in which the container exists on Proxmox, so its status, config, snapshots and so on can be read. */
export function existsOnPve(container: ContainerView): boolean {
  return container.vmid !== null && (container.state === 'running' || container.state === 'stopped' || container.state === 'suspended')
}

/** States a saga is still changing; the page polls until they settle. */
export function isInFlux(container: ContainerView): boolean {
  return container.state === 'creating' || container.state === 'deleting'
}
