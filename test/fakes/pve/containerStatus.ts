// Runtime figures of containers (PVE::LXC::vmstatus) and the entries of /cluster/resources. A running container's
// counters grow with its uptime and its load wanders deterministically, so repeated polls see plausible change.

import { parseSize } from './schema/formats'
import type { FakeContainer, FakeNode, FakePveState } from './state'

const MIB = 1024 ** 2

/** A repeatable value in [0, 1) for a container at a moment. */
export function noise(vmid: number, seconds: number, salt: number): number {
  const x = Math.sin(vmid * 12.9898 + seconds * 78.233 + salt * 37.719) * 43758.5453
  return x - Math.floor(x)
}

/** The container's load in [0, 1] at a moment: a slow wave plus jitter. */
export function load(vmid: number, seconds: number): number {
  const wave = (Math.sin(seconds / 900 + vmid) + 1) / 2
  return Math.min(1, 0.1 + 0.5 * wave + 0.2 * noise(vmid, seconds, 1))
}

export function rootDiskBytes(ct: FakeContainer): number {
  const size = /(?:^|,)size=([^,]+)/.exec(String(ct.config.rootfs ?? ''))?.[1]
  return size ? (parseSize(size) ?? 0) : 0
}

export function cpuLimit(ct: FakeContainer, pveNode: FakeNode): number {
  return Number(ct.config.cores ?? pveNode.cpus)
}

function uptimeSeconds(ct: FakeContainer, nowMs: number): number {
  return ct.status === 'running' && ct.startedAt !== undefined ? Math.max(0, Math.floor((nowMs - ct.startedAt) / 1000)) : 0
}

/** One element of PVE::LXC::vmstatus, as `GET /nodes/{node}/lxc` and `status/current` return it. */
export function containerStatus(ct: FakeContainer, pveNode: FakeNode, nowMs: number): Record<string, unknown> {
  const seconds = Math.floor(nowMs / 1000)
  const uptime = uptimeSeconds(ct, nowMs)
  const running = ct.status === 'running'
  const maxmem = Number(ct.config.memory ?? 512) * MIB
  const maxdisk = rootDiskBytes(ct)
  const activity = running ? load(ct.vmid, seconds) : 0
  const status: Record<string, unknown> = {
    vmid: ct.vmid,
    name: String(ct.config.hostname ?? `CT${ct.vmid}`),
    type: 'lxc',
    status: ct.status,
    cpus: cpuLimit(ct, pveNode),
    cpu: running ? Number((activity * 0.3).toFixed(6)) : 0,
    maxmem,
    mem: running ? Math.floor(maxmem * (0.15 + 0.3 * activity)) : 0,
    maxswap: Number(ct.config.swap ?? 512) * MIB,
    swap: 0,
    maxdisk,
    disk: running ? Math.floor(maxdisk * 0.27) : 0,
    uptime,
    netin: uptime * 1800,
    netout: uptime * 950,
    diskread: uptime * 4096,
    diskwrite: uptime * 12_288,
    template: Number(ct.config.template ?? 0),
  }
  if (running) {
    status.pid = ct.pid
    status.pressurecpusome = Number((activity * 2).toFixed(2))
    status.pressureiosome = Number((activity * 0.5).toFixed(2))
    status.pressureiofull = Number((activity * 0.3).toFixed(2))
    status.pressurememorysome = 0
    status.pressurememoryfull = 0
  }
  if (ct.config.lock !== undefined) status.lock = ct.config.lock
  if (ct.config.tags !== undefined) status.tags = ct.config.tags
  return status
}

/** An `lxc` entry of GET /cluster/resources. */
export function containerResource(ct: FakeContainer, pveNode: FakeNode, nowMs: number): Record<string, unknown> {
  const status = containerStatus(ct, pveNode, nowMs)
  const entry: Record<string, unknown> = {
    id: `lxc/${ct.vmid}`,
    type: 'lxc',
    node: ct.node,
    vmid: ct.vmid,
    name: status.name,
    status: ct.status,
    template: status.template,
    maxcpu: status.cpus,
    cpu: status.cpu,
    maxmem: status.maxmem,
    mem: status.mem,
    maxdisk: status.maxdisk,
    disk: status.disk,
    netin: status.netin,
    netout: status.netout,
    diskread: status.diskread,
    diskwrite: status.diskwrite,
    uptime: status.uptime,
  }
  if (status.lock !== undefined) entry.lock = status.lock
  if (status.tags !== undefined) entry.tags = status.tags
  return entry
}

export function nodeMemoryUsed(state: FakePveState, pveNode: FakeNode, nowMs: number): number {
  let used = 2 * 1024 ** 3
  for (const ct of state.containers.values()) {
    if (ct.node === pveNode.name) used += Number(containerStatus(ct, pveNode, nowMs).mem)
  }
  return used
}
