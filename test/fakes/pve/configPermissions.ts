// PVE::LXC::check_ct_modify_config_perm: which privilege each config key needs, and the changes only root@pam may
// make (feature flags other than nesting, bind mounts, device passthrough, hookscripts) even with a root token.

import { parseFeatures } from './containers'
import { permissionException } from './errors'
import type { PermissionEngine } from './permissions'
import type { ContainerConfig } from './state'
import { NEW_DISK_RE } from './volumes'

export interface ConfigChange {
  authid: string
  vmid: number
  /** The config before the change; undefined when the container is being created. */
  before?: ContainerConfig
  /** New values by key, as sent. */
  values: Record<string, string>
  deletes: string[]
  unprivileged: boolean
}

function mountVolume(value: string): string {
  const first = value.split(',')[0] ?? ''
  return first.startsWith('volume=') ? first.slice('volume='.length) : first
}

function otherFeatureChanged(before: string | number | undefined, after: string | undefined): boolean {
  const old = parseFeatures(before)
  const next = parseFeatures(after)
  if (before === undefined || before === '') {
    const keys = Object.keys(next)
    return !(keys.length === 0 || (keys.length === 1 && next.nesting !== undefined && next.nesting !== '0'))
  }
  return [...new Set([...Object.keys(old), ...Object.keys(next)])].some(
    (feature) => feature !== 'nesting' && (old[feature] ?? '') !== (next[feature] ?? ''),
  )
}

export function checkConfigChangePermissions(permissions: PermissionEngine, change: ConfigChange): void {
  if (change.authid === 'root@pam') return
  const vmPath = `/vms/${change.vmid}`
  const need = (privilege: string): void => {
    permissions.check(change.authid, vmPath, [privilege])
  }
  const checkKey = (key: string, deleting: boolean): void => {
    if (key === 'cores' || key === 'cpuunits' || key === 'cpulimit') {
      need('VM.Config.CPU')
    } else if (key === 'rootfs' || /^mp\d+$/.test(key)) {
      need('VM.Config.Disk')
      if (deleting) return
      const volume = mountVolume(change.values[key] ?? '')
      if (volume.startsWith('/')) {
        throw permissionException(`mount point type ${volume.startsWith('/dev/') ? 'device' : 'bind'} is only allowed for root@pam`)
      }
      const newDisk = NEW_DISK_RE.exec(volume)
      const storage = newDisk ? newDisk[2] : volume.split(':')[0]
      if (storage) permissions.check(change.authid, `/storage/${storage}`, ['Datastore.AllocateSpace'])
    } else if (key === 'memory' || key === 'swap') {
      need('VM.Config.Memory')
    } else if (/^net\d+$/.test(key) || key === 'nameserver' || key === 'searchdomain' || key === 'hostname') {
      need('VM.Config.Network')
    } else if (/^dev\d+$/.test(key)) {
      throw permissionException('configuring device passthrough is only allowed for root@pam')
    } else if (key === 'features') {
      if (!change.unprivileged) throw permissionException('changing feature flags for privileged container is only allowed for root@pam')
      if (otherFeatureChanged(change.before?.features, deleting ? undefined : change.values.features)) {
        throw permissionException('changing feature flags (except nesting) is only allowed for root@pam')
      }
      need('VM.Allocate')
    } else if (key === 'hookscript') {
      throw permissionException('changing the hookscript is only allowed for root@pam')
    } else {
      need('VM.Config.Options')
    }
  }
  for (const key of Object.keys(change.values)) checkKey(key, false)
  for (const key of change.deletes) checkKey(key, true)
}
