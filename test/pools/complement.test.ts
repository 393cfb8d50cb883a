import { describe, expect, it } from 'vitest'
import { complementOf, mergeAscending } from '../../src-main/core/pools/freeRanges'

const gaps = (first: number, last: number, blocked: number[]) => [...complementOf(first, last, blocked)].map((r) => [r.range_start, r.range_end])

describe('building free ranges', () => {
  it('leaves the gaps around blocked slots, ignoring repeats and slots outside the range', () => {
    expect(gaps(10, 20, [])).toEqual([[10, 20]])
    expect(gaps(10, 20, [5, 10, 11, 11, 15, 20, 25])).toEqual([[12, 14], [16, 19]])
    expect(gaps(10, 12, [10, 11, 12])).toEqual([])
    expect(gaps(0, 2 ** 32 - 1, [0, 2 ** 32 - 1])).toEqual([[1, 2 ** 32 - 2]])
  })

  it('merges two ascending sequences lazily, keeping repeats', () => {
    expect([...mergeAscending([1, 4, 9], [2, 4, 10, 11])]).toEqual([1, 2, 4, 4, 9, 10, 11])
    expect([...mergeAscending([], [3])]).toEqual([3])
    function* endless() {
      for (let n = 0; ; n += 2) yield n
    }
    const merged = mergeAscending([1, 3], endless())
    expect(Array.from({ length: 5 }, () => merged.next().value)).toEqual([0, 1, 2, 3, 4])
  })
})
