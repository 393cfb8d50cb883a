// Mount point values (rootfs, mp[n]) as pve-container's create_disks reads them: `STORAGE:SIZE` (or a bare size on
// the default storage) asks for a new volume; anything else names an existing volume or, for root@pam, a host path.

import { configFormat } from './containers'
import { paramException, pveDie } from './errors'
import type { HandlerContext } from './handlerContext'
import { printPropertyString, splitPropertyString } from './schema/propertyString'
import { allocateDisk, formatSize, NEW_DISK_RE, storageConfig } from './volumes'

export interface NewDisk {
  key: string
  storage: string
  sizeGiB: number
  /** The other mount options (mp, acl, ...), kept for the final config value. */
  options: Record<string, string>
}

/** $check_and_activate_storage: the storage must hold container root directories and the caller may use it. */
export function checkRootdirStorage(ctx: HandlerContext, storageId: string): void {
  const storage = storageConfig(ctx.state, storageId)
  if (!storage.content.includes('rootdir')) {
    throw paramException({ storage: `storage '${storageId}' does not support container directories` })
  }
  ctx.services.permissions.check(ctx.authid, `/storage/${storageId}`, ['Datastore.AllocateSpace'])
}

/** The new volume a mount point value asks for, after the storage checks; undefined for existing volumes and paths. */
export function planNewDisk(ctx: HandlerContext, key: string, value: string, defaultStorage: string): NewDisk | undefined {
  const parsed = splitPropertyString(configFormat(key), /^\d+(\.\d+)?$/.test(value) ? `${defaultStorage}:${value}` : value)
  const volume = parsed.volume ?? ''
  const newDisk = NEW_DISK_RE.exec(volume)
  if (!newDisk) {
    if (volume.startsWith('/')) {
      if (ctx.authid !== 'root@pam') throw pveDie('Only root can pass arbitrary filesystem paths.')
    } else {
      checkRootdirStorage(ctx, volume.split(':')[0] ?? '')
    }
    return undefined
  }
  const storage = newDisk[2] ?? defaultStorage
  checkRootdirStorage(ctx, storage)
  const options = { ...parsed }
  delete options.volume
  return { key, storage, sizeGiB: Number(newDisk[3]), options }
}

/** Allocates the volume and returns the config value PVE writes for it, e.g. `local-lvm:vm-105-disk-0,size=8G`. */
export function allocateNewDisk(ctx: HandlerContext, disk: NewDisk, nodeName: string, vmid: number): { volid: string; configValue: string } {
  const volume = allocateDisk(ctx.state, disk.storage, nodeName, vmid, disk.sizeGiB, ctx.services.clock())
  const configValue = printPropertyString(configFormat(disk.key), { ...disk.options, volume: volume.volid, size: formatSize(volume.size) })
  return { volid: volume.volid, configValue }
}
