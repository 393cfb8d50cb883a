// Memory, disk and network charts label their axis in one binary unit with round steps.
import { describe, expect, it } from 'vitest'
import { byteAxis, RATE_UNITS } from '../../src-renderer/src/components/containerDetail/format'

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
