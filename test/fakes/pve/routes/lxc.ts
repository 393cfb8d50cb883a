// Listing, status, RRD data and destruction of containers (pve-container API2/LXC.pm, API2/LXC/Status.pm).

import { containerStatus } from '../containerStatus'
import { assertUnlocked, loadContainer } from '../containers'
import { pveDie } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import { rrdRows, type Timeframe } from '../rrd'
import { freeVolumes } from '../volumes'

function destroyContainer(ctx: HandlerContext): string {
  const nodeName = ctx.pveNode().name
  const vmid = ctx.integer('vmid')!
  const ct = loadContainer(ctx.state, nodeName, vmid)
  if (Number(ct.config.protection ?? 0) === 1) throw pveDie(`can't remove CT ${vmid} - protection mode enabled`)
  assertUnlocked(ct)
  if (ct.status === 'running' && !ctx.flag('force')) throw pveDie(`unable to destroy CT ${vmid} - container is running`)
  ct.config.lock = 'destroyed'
  return ctx.startTask({
    nodeName,
    type: 'vzdestroy',
    id: String(vmid),
    abort: () => {
      delete ct.config.lock
    },
    execute: (log) => {
      if (ct.status === 'running') {
        log(`forced to stop CT ${vmid} before destroying!`)
        ct.status = 'stopped'
      }
      const owned = [...ctx.state.storages.values()].flatMap((storage) =>
        storage.volumes.filter((volume) => volume.vmid === vmid && volume.node === nodeName).map((volume) => volume.volid),
      )
      const referenced = Object.values(ct.config).map(String)
      const doomed = ctx.flag('destroy-unreferenced-disks') ? owned : owned.filter((volid) => referenced.some((value) => value.includes(volid)))
      for (const line of freeVolumes(ctx.state, doomed)) log(line)
      // remove_vm_access: ACL entries on the guest always go, whatever `purge` says.
      ctx.state.acls = ctx.state.acls.filter((acl) => acl.path !== `/vms/${vmid}`)
      if (ctx.flag('purge')) log(`purging CT ${vmid} from related configurations..`)
      ctx.state.containers.delete(vmid)
    },
  })
}

export const lxcRoutes: RouteTable = {
  'GET /nodes/{node}/lxc': (ctx) => {
    const pveNode = ctx.pveNode()
    const now = ctx.services.clock()
    return [...ctx.state.containers.values()]
      .filter((ct) => ct.node === pveNode.name)
      .filter((ct) => ctx.services.permissions.check(ctx.authid, `/vms/${ct.vmid}`, ['VM.Audit'], { noerr: true }))
      .map((ct) => containerStatus(ct, pveNode, now))
  },

  'DELETE /nodes/{node}/lxc/{vmid}': destroyContainer,

  'GET /nodes/{node}/lxc/{vmid}/status/current': (ctx) => {
    const pveNode = ctx.pveNode()
    const ct = loadContainer(ctx.state, pveNode.name, ctx.integer('vmid')!)
    return { ...containerStatus(ct, pveNode, ctx.services.clock()), ha: { managed: 0 } }
  },

  // RRD data is replicated cluster-wide, so any node answers for any guest.
  'GET /nodes/{node}/lxc/{vmid}/rrddata': (ctx) => {
    const vmid = ctx.integer('vmid')!
    const ct = ctx.state.containers.get(vmid)
    const pveNode = ct && ctx.state.nodes.get(ct.node)
    if (!ct || !pveNode) throw pveDie(`RRD error: opening '/var/lib/rrdcached/db/pve-vm-9.0/${vmid}': No such file or directory`)
    const cf = ctx.string('cf') === 'MAX' ? 'MAX' : 'AVERAGE'
    return rrdRows(ct, pveNode, ctx.requiredString('timeframe') as Timeframe, cf, ctx.services.clock())
  },
}
