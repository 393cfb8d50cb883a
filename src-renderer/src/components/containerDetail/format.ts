// Byte counts, rates and durations the way an admin reads them (binary units, like Proxmox shows them).
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—'
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`
}

/** Rates use decimal-looking KB/s, MB/s like most traffic graphs, but on 1024 steps to match the byte totals. */
export function formatRate(bytesPerSecond: number): string {
  const rateUnits = ['B/s', 'KB/s', 'MB/s', 'GB/s']
  let value = Math.max(0, bytesPerSecond)
  let unit = 0
  while (value >= 1024 && unit < rateUnits.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${rateUnits[unit]}`
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
