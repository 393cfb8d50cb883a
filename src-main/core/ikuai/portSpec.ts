// Port fields of dnat rules: a single port, a range "8000-8010", or a comma mix "8000,8005,9000-9010"
// (NOTES.md "add", field notes).

export type PortRange = readonly [first: number, last: number]

const PORT = /^\d{1,5}$/

function port(text: string): number | null {
  const value = Number(text)
  return PORT.test(text) && value >= 1 && value <= 65535 ? value : null
}

/** The ranges the text names, or null when it is not a port, range or comma list of them. */
export function parsePortSpec(text: string): PortRange[] | null {
  const ranges: PortRange[] = []
  for (const part of text.split(',')) {
    const [firstText = '', lastText, extra] = part.trim().split('-')
    const first = port(firstText.trim())
    const last = lastText === undefined ? first : port(lastText.trim())
    if (extra !== undefined || first === null || last === null || last < first) return null
    ranges.push([first, last])
  }
  return ranges
}
