// Storage listing and content (pve-storage API2/Storage/Status.pm and Content.pm).

import { pveDie } from '../errors'
import type { RouteTable } from '../handlerContext'
import { splitList } from '../schema/formats'
import { storageConfig, storageUsage } from '../volumes'

export const storageRoutes: RouteTable = {
  'GET /nodes/{node}/storage': (ctx) => {
    const nodeName = ctx.pveNode().name
    const wantedContent = splitList(ctx.string('content') ?? '')
    const only = ctx.string('storage')
    if (ctx.string('target') !== undefined && !ctx.state.nodes.has(ctx.requiredString('target'))) {
      throw pveDie(`no such node '${ctx.requiredString('target')}'`)
    }
    return [...ctx.state.storages.values()]
      .filter((storage) => !only || storage.id === only)
      .filter((storage) => wantedContent.every((content) => (storage.content as string[]).includes(content)))
      .filter((storage) =>
        ctx.services.permissions.check(ctx.authid, `/storage/${storage.id}`, ['Datastore.Audit', 'Datastore.AllocateSpace'], {
          any: true,
          noerr: true,
        }),
      )
      .map((storage) => {
        const usage = storageUsage(storage, nodeName)
        return {
          storage: storage.id,
          type: storage.type,
          content: storage.content.join(','),
          active: 1,
          enabled: 1,
          shared: 0,
          total: usage.total,
          used: usage.used,
          avail: usage.avail,
          used_fraction: Number((usage.used / usage.total).toFixed(6)),
        }
      })
  },

  'GET /nodes/{node}/storage/{storage}/content': (ctx) => {
    const nodeName = ctx.pveNode().name
    const storage = storageConfig(ctx.state, ctx.requiredString('storage'))
    const content = ctx.string('content')
    const vmid = ctx.integer('vmid')
    return storage.volumes
      .filter((volume) => volume.node === nodeName)
      .filter((volume) => content === undefined || volume.content === content)
      .filter((volume) => vmid === undefined || volume.vmid === vmid)
      .map((volume) => ({
        volid: volume.volid,
        content: volume.content,
        format: volume.format,
        size: volume.size,
        ctime: volume.ctime,
        ...(volume.vmid !== undefined ? { vmid: volume.vmid } : {}),
      }))
  },
}
