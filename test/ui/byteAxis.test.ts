// Memory, disk and network charts label their axis in one binary unit with round steps; single figures pick the
// largest unit that keeps them at 1 or more.
import { describe, expect, it } from 'vitest'
import { byteAxis, formatBytes, formatRate, RATE_UNITS } from '../../src-renderer/src/components/containerDetail/format'

const MiB = 1024 ** 2
const GiB = 1024 ** 3

function ticks(largest: number, units?: readonly string[]): string[] {
  const axis = byteAxis(largest, units)
  const labels: string[] = []
  for (let value = 0; value <= axis.max; value += axis.step) labels.push(axis.label(value))
  return labels
}

describe('byteAxis', () => {
  it('steps by 1, 2 or 5 of the unit that fits the largest value, and ends on the first tick above it', () => {
    expect(ticks(572 * MiB)).toEqual(['0 MiB', '200 MiB', '400 MiB', '600 MiB'])
    expect(ticks(477 * MiB)).toEqual(['0 MiB', '100 MiB', '200 MiB', '300 MiB', '400 MiB', '500 MiB'])
    expect(ticks(3.4 * GiB)).toEqual(['0 GiB', '1 GiB', '2 GiB', '3 GiB', '4 GiB'])
    expect(ticks(2 * GiB)).toEqual(['0.0 GiB', '0.5 GiB', '1.0 GiB', '1.5 GiB', '2.0 GiB'])
  })

  it('never steps by less than a byte, and labels rates in their own units', () => {
    expect(ticks(0)).toEqual(['0 B', '1 B'])
    expect(ticks(3)).toEqual(['0 B', '1 B', '2 B', '3 B'])
    expect(ticks(40 * 1024, RATE_UNITS)).toEqual(['0 KB/s', '10 KB/s', '20 KB/s', '30 KB/s', '40 KB/s'])
  })
})

describe('formatBytes and formatRate', () => {
  it('show one decimal below 100 of a unit, none from 100 or in bytes, and a dash for no figure', () => {
    expect([0, 1023, 1536, 200 * MiB, 1.25 * GiB, -5].map(formatBytes)).toEqual(['0 B', '1023 B', '1.5 KiB', '200 MiB', '1.3 GiB', '0 B'])
    expect([null, undefined, Number.NaN].map(formatBytes)).toEqual(['—', '—', '—'])
    expect([512, 2048, 150 * 1024, 3 * 1024 ** 4].map(formatRate)).toEqual(['512 B/s', '2.0 KB/s', '150 KB/s', '3072 GB/s'])
  })
})
