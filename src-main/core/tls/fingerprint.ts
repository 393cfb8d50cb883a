// SHA-256 certificate fingerprints in PVE's notation, which proxdesk uses for every pinned certificate: uppercase
// hex bytes joined by colons, as PVE's `GET /nodes` shows them in `ssl_fingerprint` and as Node's `fingerprint256`
// prints them.

/** 'ab:cd…', 'ABCD…' or 'AB CD…' -> 'AB:CD:…'; null when it is not 32 bytes of hex. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[:\s-]/g, '').toUpperCase()
  if (!/^[0-9A-F]{64}$/.test(hex)) return null
  return hex.match(/../g)!.join(':')
}

export function sameFingerprint(a: string, b: string): boolean {
  const left = normalizeFingerprint(a)
  return left !== null && left === normalizeFingerprint(b)
}
