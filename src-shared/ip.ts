// Canonical IP text, so that one address cannot be stored twice under two spellings (RFC 5952 for IPv6).
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const HEX_GROUP = /^[0-9a-f]{1,4}$/

export function isIpv4(text: string): boolean {
  return IPV4.test(text)
}

/** Eight 16-bit groups, or null when the text is not an IPv6 address. */
export function parseIpv6(text: string): number[] | null {
  let hex = text.toLowerCase()
  if (hex.length > 45 || !/^[0-9a-f:.]+$/.test(hex)) return null
  if (hex.includes('.')) {
    // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hex groups.
    const cut = hex.lastIndexOf(':')
    const v4 = hex.slice(cut + 1)
    if (!isIpv4(v4)) return null
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number]
    hex = `${hex.slice(0, cut + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = hex.split('::')
  if (halves.length > 2) return null
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return []
    const groups = part.split(':')
    return groups.every((g) => HEX_GROUP.test(g)) ? groups.map((g) => parseInt(g, 16)) : null
  }
  const left = groupsOf(halves[0]!)
  const right = halves.length === 2 ? groupsOf(halves[1]!) : []
  if (!left || !right) return null
  if (halves.length === 1) return left.length === 8 ? left : null
  const missing = 8 - left.length - right.length
  return missing >= 1 ? [...left, ...new Array<number>(missing).fill(0), ...right] : null
}

/** RFC 5952: lowercase, no leading zeros, the longest run (>= 2) of zero groups as "::". */
export function formatIpv6(groups: number[]): string {
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** The canonical form of an IPv4 or IPv6 address, or null when it is neither. */
export function canonicalIp(text: string): string | null {
  if (isIpv4(text)) return text
  const groups = parseIpv6(text)
  return groups ? formatIpv6(groups) : null
}

export function isIpv6(text: string): boolean {
  return parseIpv6(text) !== null
}
