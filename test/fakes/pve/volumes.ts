// Storage volumes: allocating container disks the way PVE names them (vm-<vmid>-disk-<n>), finding templates and
// the usage figures storage listings report.

import { pveDie } from './errors'
import type { FakePveState, FakeStorage, FakeVolume } from './state'

/** A mount point value asking for a new disk: `STORAGE:SIZE_GiB`, or a bare size for the default storage. */
export const NEW_DISK_RE = /^(([^/:\s]+):)?(\d+(\.\d+)?)$/

const GIB = 1024 ** 3

/** PVE::Storage::storage_config */
export function storageConfig(state: FakePveState, storageId: string): FakeStorage {
  const storage = state.storages.get(storageId)
  if (!storage) throw pveDie(`storage '${storageId}' does not exist`)
  return storage
}

export function findVolume(state: FakePveState, volid: string, nodeName: string): FakeVolume | undefined {
  const storageId = volid.split(':')[0] ?? ''
  return state.storages.get(storageId)?.volumes.find((volume) => volume.volid === volid && volume.node === nodeName)
}

export function allocateDisk(state: FakePveState, storageId: string, nodeName: string, vmid: number, sizeGiB: number, now: number): FakeVolume {
  const storage = storageConfig(state, storageId)
  let index = 0
  while (storage.volumes.some((volume) => volume.volid === `${storageId}:vm-${vmid}-disk-${index}`)) index += 1
  const volume: FakeVolume = {
    volid: `${storageId}:vm-${vmid}-disk-${index}`,
    node: nodeName,
    content: 'rootdir',
    format: 'raw',
    size: Math.round(sizeGiB * GIB),
    vmid,
    ctime: Math.floor(now / 1000),
  }
  storage.volumes.push(volume)
  return volume
}

/** Removes the volumes and returns the log lines LVM prints for them. */
export function freeVolumes(state: FakePveState, volids: string[]): string[] {
  const lines: string[] = []
  for (const storage of state.storages.values()) {
    storage.volumes = storage.volumes.filter((volume) => {
      if (!volids.includes(volume.volid)) return true
      lines.push(`  Logical volume "${volume.volid.split(':')[1]}" successfully removed.`)
      return false
    })
  }
  return lines
}

/** PVE::JSONSchema::format_size */
export function formatSize(bytes: number): string {
  const units = ['K', 'M', 'G', 'T']
  let value = Math.trunc(bytes)
  let unit = ''
  for (const next of units) {
    if (value % 1024 !== 0) break
    value /= 1024
    unit = next
  }
  return `${value}${unit}`
}

export function storageUsage(storage: FakeStorage, nodeName: string): { total: number; used: number; avail: number } {
  const used = storage.volumes.filter((volume) => volume.node === nodeName).reduce((sum, volume) => sum + volume.size, 0)
  return { total: storage.totalBytes, used, avail: storage.totalBytes - used }
}
