// RRD rows as PVE 9 returns them from the `pve-vm-9.0/<vmid>` files (pve-cluster RRD.pm): one row per step,
// aligned to the step, rates for the DERIVE sources, and only `time` where the guest did not exist yet.

import { cpuLimit, load, noise, rootDiskBytes } from './containerStatus'
import type { FakeContainer, FakeNode } from './state'

export type Timeframe = 'hour' | 'day' | 'week' | 'month' | 'year'

/** Step in seconds and number of rows per timeframe (NOTES §6). */
const RRD_RESOLUTION: Record<Timeframe, { step: number; points: number }> = {
  hour: { step: 60, points: 60 },
  day: { step: 60, points: 1440 },
  week: { step: 1800, points: 336 },
  month: { step: 1800, points: 1440 },
  year: { step: 21_600, points: 1440 },
}

const MIB = 1024 ** 2

export function rrdRows(ct: FakeContainer, pveNode: FakeNode, timeframe: Timeframe, cf: 'AVERAGE' | 'MAX', nowMs: number): Array<Record<string, number>> {
  const { step, points } = RRD_RESOLUTION[timeframe]
  const last = Math.floor(nowMs / 1000 / step) * step
  const createdAt = Math.floor(ct.createdAt / 1000)
  const runningSince = ct.status === 'running' && ct.startedAt !== undefined ? Math.floor(ct.startedAt / 1000) : Number.POSITIVE_INFINITY
  const peak = cf === 'MAX' ? 1.35 : 1
  const maxmem = Number(ct.config.memory ?? 512) * MIB
  const maxdisk = rootDiskBytes(ct)
  const rows: Array<Record<string, number>> = []
  for (let index = points - 1; index >= 0; index -= 1) {
    const time = last - index * step
    if (time < createdAt) {
      rows.push({ time })
      continue
    }
    const active = time >= runningSince
    const level = active ? load(ct.vmid, time) : 0
    const jitter = noise(ct.vmid, time, 2)
    const mem = active ? Math.floor(maxmem * (0.15 + 0.3 * level) * peak) : 0
    rows.push({
      time,
      maxcpu: cpuLimit(ct, pveNode),
      cpu: Number((level * 0.3 * peak).toFixed(6)),
      maxmem,
      mem,
      memhost: Math.floor(mem * 1.04),
      maxdisk,
      disk: active ? Math.floor(maxdisk * 0.27) : 0,
      netin: active ? Number((1800 * (0.5 + jitter) * peak).toFixed(2)) : 0,
      netout: active ? Number((950 * (0.5 + jitter) * peak).toFixed(2)) : 0,
      diskread: active ? Number((4096 * level * peak).toFixed(2)) : 0,
      diskwrite: active ? Number((12_288 * level * peak).toFixed(2)) : 0,
      pressurecpusome: active ? Number((level * 2 * peak).toFixed(2)) : 0,
      pressurecpufull: 0,
      pressureiosome: active ? Number((level * 0.5 * peak).toFixed(2)) : 0,
      pressureiofull: active ? Number((level * 0.3 * peak).toFixed(2)) : 0,
      pressurememorysome: 0,
      pressurememoryfull: 0,
    })
  }
  return rows
}
