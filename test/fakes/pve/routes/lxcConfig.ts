// Reading and changing a container's config (pve-container API2/LXC/Config.pm). Changes apply at once; PVE keeps
// some of them pending while the container runs, which the fake does not model.

import { checkConfigChangePermissions } from '../configPermissions'
import { applyConfigValue, assertUnlocked, configDigest, configPropertyExists, loadContainer } from '../containers'
import { paramException, pveDie } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import { allocateNewDisk, planNewDisk } from '../mountPoints'
import { splitList } from '../schema/formats'
import type { ContainerConfig, FakeContainer } from '../state'

const NON_CONFIG_PARAMS = new Set(['node', 'vmid', 'delete', 'revert', 'digest'])

function readConfig(ctx: HandlerContext): ContainerConfig {
  const ct = loadContainer(ctx.state, ctx.pveNode().name, ctx.integer('vmid')!)
  const digest = configDigest(ct)
  const snapname = ctx.string('snapshot')
  if (snapname === undefined) return { ...ct.config, digest }
  const snapshot = ct.snapshots.get(snapname)
  if (!snapshot) throw pveDie(`snapshot '${snapname}' does not exist`)
  return { ...snapshot.config, description: snapshot.description, snaptime: snapshot.snaptime, digest }
}

/** PVE::Tools::assert_if_modified */
function assertDigest(ct: FakeContainer, digest: string | undefined): void {
  if (digest !== undefined && digest !== configDigest(ct)) {
    throw pveDie('detected modified configuration - file changed by other user? Try again.')
  }
}

function updateConfig(ctx: HandlerContext): null {
  const nodeName = ctx.pveNode().name
  const vmid = ctx.integer('vmid')!
  const ct = loadContainer(ctx.state, nodeName, vmid)
  const deletes = splitList(ctx.string('delete') ?? '')
  const values: Record<string, string> = {}
  for (const key of Object.keys(ctx.params)) {
    const value = ctx.string(key)
    if (!NON_CONFIG_PARAMS.has(key) && value !== undefined) values[key] = value
  }
  checkConfigChangePermissions(ctx.services.permissions, {
    authid: ctx.authid,
    vmid,
    before: ct.config,
    values,
    deletes,
    unprivileged: Number(ct.config.unprivileged ?? 0) === 1,
  })
  for (const key of deletes) {
    if (values[key] !== undefined) throw paramException({ delete: `you can't use '-${key}' and -delete ${key}' at the same time` })
    if (!configPropertyExists(key)) throw paramException({ delete: `unknown option '${key}'` })
  }
  assertUnlocked(ct)
  assertDigest(ct, ctx.string('digest'))
  for (const key of deletes) {
    if (key === 'memory' || key === 'rootfs' || key === 'ostype') throw pveDie(`unable to delete required option '${key}'`)
    if (key === 'unprivileged') throw pveDie(`unable to delete read-only option: '${key}'`)
  }
  if (values.unprivileged !== undefined) throw pveDie("unable to modify read-only option: 'unprivileged'")
  for (const [key, value] of Object.entries(values)) {
    const newDisk = /^mp\d+$/.test(key) ? planNewDisk(ctx, key, value, 'local') : undefined
    if (newDisk) ct.config[key] = allocateNewDisk(ctx, newDisk, nodeName, vmid).configValue
    else applyConfigValue(ct.config, key, value)
  }
  for (const key of deletes) delete ct.config[key]
  return null
}

export const lxcConfigRoutes: RouteTable = {
  'GET /nodes/{node}/lxc/{vmid}/config': readConfig,
  'PUT /nodes/{node}/lxc/{vmid}/config': updateConfig,
}
