// Byte counts, rates and durations the way an admin reads them (binary units, like Proxmox shows them).
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
/** Rates use decimal-looking KB/s, MB/s like most traffic graphs, but on 1024 steps to match the byte totals. */
export const RATE_UNITS = ['B/s', 'KB/s', 'MB/s', 'GB/s'] as const

/** The largest of `units` (each 1024 times the one before) in which `value` is at least 1. */
function unitFor(value: number, units: readonly string[]): number {
  let unit = 0
  while (value >= 1024 ** (unit + 1) && unit < units.length - 1) unit += 1
  return unit
}

function formatScaled(value: number, units: readonly string[]): string {
  const unit = unitFor(value, units)
  const scaled = value / 1024 ** unit
  return `${unit === 0 || scaled >= 100 ? Math.round(scaled) : scaled.toFixed(1)} ${units[unit]}`
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—'
  return formatScaled(Math.max(0, bytes), UNITS)
}

export function formatRate(bytesPerSecond: number): string {
  return formatScaled(Math.max(0, bytesPerSecond), RATE_UNITS)
}

export interface ByteAxis {
  /** Between ticks, in bytes. */
  step: number
  /** The top of the axis: the first tick at or above the largest value. */
  max: number
  label(bytes: number): string
}

/**
 * Ticks for byte (or byte-per-second) values: one binary unit chosen by the largest value and a 1-2-5 step in
 * it, so a memory chart reads 100 MiB, 200 MiB … rather than a decimal step shown as 95.4 MiB, 190.7 MiB.
 */
export function byteAxis(largest: number, units: readonly string[] = UNITS, ticks = 5): ByteAxis {
  const unit = unitFor(largest, units)
  const unitBytes = 1024 ** unit
  const rough = Math.max(largest, 1) / unitBytes / ticks
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  // Never below one byte: there are no fractions of one to show.
  const step = Math.max(1, ([1, 2, 5, 10].find((multiple) => multiple * magnitude >= rough) ?? 10) * magnitude * unitBytes)
  const decimals = Math.max(0, -Math.floor(Math.log10(step / unitBytes)))
  return {
    step,
    max: Math.max(step, Math.ceil(largest / step) * step),
    label: (bytes) => `${(bytes / unitBytes).toFixed(decimals)} ${units[unit]}`,
  }
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction >= 0.1 ? 0 : 1)}%`
}

/** 3d 4h, 5h 12m, 4m 10s: the two largest parts are enough to read at a glance. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ]
  const first = parts.findIndex(([value]) => value > 0)
  if (first === -1) return '0s'
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ')
}
