// Creating containers (pve-container API2/LXC.pm create_vm). The API call checks permissions, storages and the
// VMID, then creates the config with a `create` lock; the vzcreate worker allocates the disks, unpacks the
// template and writes the final config, or removes everything again if it fails.

import { createHash } from 'node:crypto'
import { checkConfigChangePermissions } from '../configPermissions'
import { applyConfigValue, detectOsType } from '../containers'
import { permissionException, pveDie, TaskError } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import { allocateNewDisk, checkRootdirStorage, planNewDisk, type NewDisk } from '../mountPoints'
import type { ContainerConfig, FakeContainer } from '../state'
import { findVolume, freeVolumes } from '../volumes'
import { startContainerTask } from './lxcPower'

/** Create parameters that are not config keys; create_vm extracts them before update_pct_config. */
const CREATE_ONLY_PARAMS = new Set([
  'node',
  'vmid',
  'ostemplate',
  'storage',
  'password',
  'ssh-public-keys',
  'pool',
  'force',
  'restore',
  'unique',
  'unprivileged',
  'start',
  'ha-managed',
  'bwlimit',
  'ignore-unpack-errors',
])

/** PVE::Cluster::check_vmid_unused */
function assertVmidUnused(ctx: HandlerContext, vmid: number): void {
  const existing = ctx.state.containers.get(vmid)
  if (existing) throw pveDie(`CT ${vmid} already exists on node '${existing.node}'`)
}

function createLog(ct: FakeContainer, ostemplate: string, volids: string[]): string[] {
  const hostname = String(ct.config.hostname)
  const hostKey = createHash('sha256').update(`${ct.vmid}:${hostname}`).digest('base64').replace(/=+$/, '')
  return [
    ...volids.map((volid) => `  Logical volume "${volid.split(':')[1]}" created.`),
    'Creating filesystem with 2097152 4k blocks and 524288 inodes',
    `extracting archive '/var/lib/vz/template/cache/${ostemplate.split('/').pop()}'`,
    'Total bytes read: 521707520 (498MiB, 283MiB/s)',
    `Detected container architecture: ${ct.config.arch}`,
    "Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...",
    `done: SHA256:${hostKey} root@${hostname}`,
  ]
}

/** The worker's part: disks, template, defaults; on failure it leaves nothing behind. */
function finishCreation(ctx: HandlerContext, ct: FakeContainer, config: ContainerConfig, disks: NewDisk[], ostemplate: string, log: (line: string) => void): void {
  const volids: string[] = []
  try {
    if (!findVolume(ctx.state, ostemplate, ct.node)) throw new TaskError(`volume '${ostemplate}' does not exist`)
    for (const disk of disks) {
      const allocated = allocateNewDisk(ctx, disk, ct.node, ct.vmid)
      volids.push(allocated.volid)
      config[disk.key] = allocated.configValue
    }
    config.ostype ??= detectOsType(ostemplate)
    config.arch ??= 'amd64'
    config.hostname ??= `CT${ct.vmid}`
    config.memory ??= 512
    config.swap ??= 512
    ct.config = config
  } catch (error) {
    freeVolumes(ctx.state, volids)
    ctx.state.containers.delete(ct.vmid)
    throw new TaskError(`unable to create CT ${ct.vmid} - ${(error as Error).message}`)
  }
  for (const line of createLog(ct, ostemplate, volids)) log(line)
}

function createContainer(ctx: HandlerContext): string {
  const pveNode = ctx.pveNode()
  const vmid = ctx.integer('vmid')!
  assertVmidUnused(ctx, vmid)
  const unprivileged = ctx.string('unprivileged') === undefined ? true : ctx.flag('unprivileged')
  if (!unprivileged) ctx.services.permissions.check(ctx.authid, '/', ['Sys.Modify'])
  const pool = ctx.string('pool')
  if (pool !== undefined) throw pveDie(`pool '${pool}' does not exist`)
  if (!ctx.services.permissions.check(ctx.authid, `/vms/${vmid}`, ['VM.Allocate'], { noerr: true })) throw permissionException()
  const ostemplate = ctx.requiredString('ostemplate')
  const defaultStorage = ctx.string('storage') ?? 'local'

  const values: Record<string, string> = {}
  for (const key of Object.keys(ctx.params)) {
    const value = ctx.string(key)
    if (!CREATE_ONLY_PARAMS.has(key) && value !== undefined && !/^unused\d+$/.test(key)) values[key] = value
  }
  checkConfigChangePermissions(ctx.services.permissions, { authid: ctx.authid, vmid, values, deletes: [], unprivileged })

  const mountKeys = Object.keys(values).filter((key) => key === 'rootfs' || /^mp\d+$/.test(key))
  if (mountKeys.length > 0 && values.rootfs === undefined) throw pveDie("mount points configured, but 'rootfs' not set - aborting")
  const disks = mountKeys.map((key) => planNewDisk(ctx, key, values[key]!, defaultStorage)).filter((disk) => disk !== undefined)
  if (values.rootfs === undefined) {
    checkRootdirStorage(ctx, defaultStorage)
    disks.push({ key: 'rootfs', storage: defaultStorage, sizeGiB: 4, options: {} })
  }
  const config: ContainerConfig = {}
  for (const [key, value] of Object.entries(values)) {
    if (!disks.some((disk) => disk.key === key)) applyConfigValue(config, key, value)
  }
  if (unprivileged) config.unprivileged = 1

  // create_and_lock_config: the config exists, locked, while the worker runs.
  const ct: FakeContainer = { vmid, node: pveNode.name, status: 'stopped', config: { lock: 'create' }, snapshots: new Map(), createdAt: ctx.services.clock() }
  ctx.state.containers.set(vmid, ct)
  const startAfter = ctx.flag('start')
  return ctx.startTask({
    nodeName: pveNode.name,
    type: 'vzcreate',
    id: String(vmid),
    abort: () => {
      if (ctx.state.containers.get(vmid) === ct) ctx.state.containers.delete(vmid)
    },
    execute: (log) => {
      finishCreation(ctx, ct, config, disks, ostemplate, log)
      if (startAfter) startContainerTask(ctx, ct)
    },
  })
}

export const lxcCreateRoutes: RouteTable = {
  'POST /nodes/{node}/lxc': createContainer,
}
