// Version, node and cluster-wide endpoints (pve-manager API2.pm, API2/Nodes.pm, API2/Cluster.pm).

import { containerResource, nodeMemoryUsed } from '../containerStatus'
import { paramException, pveDie } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import type { FakeNode } from '../state'
import { storageUsage } from '../volumes'

const PVE_VERSION = { version: '9.1.9', release: '9.1', repoid: '5a3c7e1f8b2d4c6a' }

const KERNEL = {
  sysname: 'Linux',
  release: '6.17.2-1-pve',
  version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-11-06T09:00Z)',
  machine: 'x86_64',
}

function nodeCpu(ctx: HandlerContext, pveNode: FakeNode): number {
  let busy = 0.02
  for (const ct of ctx.state.containers.values()) if (ct.node === pveNode.name && ct.status === 'running') busy += 0.01
  return Number(Math.min(busy, 1).toFixed(6))
}

function nodeUptime(ctx: HandlerContext, pveNode: FakeNode): number {
  return Math.floor((ctx.services.clock() - pveNode.bootedAt) / 1000)
}

function nodeEntry(ctx: HandlerContext, pveNode: FakeNode): Record<string, unknown> {
  return {
    id: `node/${pveNode.name}`,
    type: 'node',
    node: pveNode.name,
    status: 'online',
    cpu: nodeCpu(ctx, pveNode),
    maxcpu: pveNode.cpus,
    mem: nodeMemoryUsed(ctx.state, pveNode, ctx.services.clock()),
    maxmem: pveNode.memoryBytes,
    disk: 9 * 1024 ** 3,
    maxdisk: 96 * 1024 ** 3,
    uptime: nodeUptime(ctx, pveNode),
    level: '',
  }
}

export const clusterRoutes: RouteTable = {
  // `console` only appears once datacenter.cfg sets a default viewer, which a fresh install does not.
  'GET /version': () => ({ ...PVE_VERSION }),

  'GET /nodes': (ctx) =>
    [...ctx.state.nodes.values()].map((pveNode) => ({ ...nodeEntry(ctx, pveNode), ssl_fingerprint: pveNode.sslFingerprint })),

  'GET /nodes/{node}/status': (ctx) => {
    const pveNode = ctx.pveNode()
    const used = nodeMemoryUsed(ctx.state, pveNode, ctx.services.clock())
    return {
      cpu: nodeCpu(ctx, pveNode),
      cpuinfo: {
        model: 'AMD EPYC 7313P 16-Core Processor',
        cpus: pveNode.cpus,
        cores: pveNode.cpus / 2,
        sockets: 1,
        mhz: '3000.000',
        hvm: '1',
        user_hz: 100,
        flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov',
      },
      loadavg: ['0.12', '0.20', '0.25'],
      memory: { total: pveNode.memoryBytes, used, free: pveNode.memoryBytes - used, available: pveNode.memoryBytes - used },
      swap: { total: 8 * 1024 ** 3, used: 0, free: 8 * 1024 ** 3 },
      rootfs: { total: 96 * 1024 ** 3, used: 9 * 1024 ** 3, free: 87 * 1024 ** 3, avail: 82 * 1024 ** 3 },
      uptime: nodeUptime(ctx, pveNode),
      idle: 0,
      wait: 0.0012,
      ksm: { shared: 0 },
      pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid}`,
      kversion: `${KERNEL.sysname} ${KERNEL.release} ${KERNEL.version}`,
      'current-kernel': KERNEL,
      'boot-info': { mode: 'efi', secureboot: 0 },
    }
  },

  'GET /cluster/resources': (ctx) => {
    const type = ctx.string('type')
    const now = ctx.services.clock()
    const canSee = (path: string, privileges: string[]): boolean =>
      ctx.services.permissions.check(ctx.authid, path, privileges, { any: true, noerr: true })
    const entries: Array<Record<string, unknown>> = []
    if (!type || type === 'vm') {
      for (const ct of [...ctx.state.containers.values()].sort((a, b) => a.vmid - b.vmid)) {
        const pveNode = ctx.state.nodes.get(ct.node)
        if (pveNode && canSee(`/vms/${ct.vmid}`, ['VM.Audit'])) entries.push(containerResource(ct, pveNode, now))
      }
    }
    if (!type || type === 'node') {
      for (const pveNode of ctx.state.nodes.values()) {
        if (canSee(`/nodes/${pveNode.name}`, ['Sys.Audit'])) entries.push({ ...nodeEntry(ctx, pveNode), 'cgroup-mode': 2 })
      }
    }
    if (!type || type === 'storage') {
      for (const pveNode of ctx.state.nodes.values()) {
        for (const storage of ctx.state.storages.values()) {
          if (!canSee(`/storage/${storage.id}`, ['Datastore.Audit', 'Datastore.AllocateSpace'])) continue
          const usage = storageUsage(storage, pveNode.name)
          entries.push({
            id: `storage/${pveNode.name}/${storage.id}`,
            type: 'storage',
            storage: storage.id,
            node: pveNode.name,
            status: 'available',
            plugintype: storage.type,
            content: storage.content.join(','),
            shared: 0,
            disk: usage.used,
            maxdisk: usage.total,
          })
        }
      }
    }
    if (!type || type === 'sdn') {
      for (const pveNode of ctx.state.nodes.values()) {
        entries.push({ id: `sdn/${pveNode.name}/localnetwork`, type: 'sdn', sdn: 'localnetwork', node: pveNode.name, status: 'ok' })
      }
    }
    return entries
  },

  // Real PVE hands the id back as the Perl scalar it has, which JSON-encodes as a string.
  'GET /cluster/nextid': (ctx) => {
    const wanted = ctx.integer('vmid')
    if (wanted !== undefined) {
      if (ctx.state.containers.has(wanted)) throw paramException({ vmid: `VM ${wanted} already exists` })
      return String(wanted)
    }
    for (let vmid = 100; vmid < 1_000_000; vmid += 1) if (!ctx.state.containers.has(vmid)) return String(vmid)
    throw pveDie('unable to get any free VMID in range [100, 1000000]')
  },
}
