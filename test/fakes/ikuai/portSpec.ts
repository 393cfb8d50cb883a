// The fake's own reading of port fields ("8080", "8000-8010", "8000,8005,9000-9010"), written apart from the
// client's so that the two check each other.

export type PortRange = [number, number]

export function portRanges(text: string): PortRange[] | null {
  const ranges: PortRange[] = []
  for (const item of text.split(',')) {
    const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(item)
    if (!match) return null
    const first = Number(match[1])
    const last = match[2] === undefined ? first : Number(match[2])
    if (first < 1 || last > 65535 || last < first) return null
    ranges.push([first, last])
  }
  return ranges
}

export function rangesOverlap(a: PortRange[], b: PortRange[]): boolean {
  return a.some(([aFirst, aLast]) => b.some(([bFirst, bLast]) => aFirst <= bLast && bFirst <= aLast))
}
