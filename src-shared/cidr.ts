// IPv4 addresses as unsigned 32-bit integers, so that ranges and subnets are plain arithmetic. Division and
// multiplication instead of bit operators: JavaScript's bitwise operators are signed 32-bit and `x << 32` is x.
import { isIpv4 } from './ip'

export const IPV4_ADDRESS_COUNT = 2 ** 32

/** Dotted quad -> integer, or null when the text is not a canonical IPv4 address. */
export function ipv4ToInt(text: string): number | null {
  if (!isIpv4(text)) return null
  return text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0)
}

export function intToIpv4(value: number): string {
  return [value / 2 ** 24, value / 2 ** 16, value / 2 ** 8, value].map((part) => Math.floor(part) % 256).join('.')
}

export interface Ipv4Subnet {
  network: number
  broadcast: number
  prefixLength: number
}

/** The subnet of the given prefix length that holds an address. */
export function subnetOf(address: number, prefixLength: number): Ipv4Subnet {
  const size = 2 ** (32 - prefixLength)
  const network = address - (address % size)
  return { network, broadcast: network + size - 1, prefixLength }
}

/**
 * Addresses of a subnet that no host may use: network and broadcast. A /31 has neither (RFC 3021 point-to-point
 * links use both addresses) and a /32 is one host address, so both hand out every address they hold.
 */
export function nonHostAddresses(subnet: Ipv4Subnet): number[] {
  return subnet.prefixLength <= 30 ? [subnet.network, subnet.broadcast] : []
}

export type CidrParse = { ok: true; subnet: Ipv4Subnet } | { ok: false; message: string }

/** `a.b.c.d/n` with n in 0..32 and no host bits set (10.0.0.5/24 is refused, naming 10.0.0.0/24). */
export function parseCidr(text: string): CidrParse {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text.trim())
  if (!match) return { ok: false, message: 'not in a.b.c.d/prefix form' }
  const address = ipv4ToInt(match[1]!)
  if (address === null) return { ok: false, message: 'not an IPv4 address before the /' }
  const prefixLength = Number(match[2])
  if (prefixLength > 32 || match[2]!.length > String(prefixLength).length) return { ok: false, message: 'the prefix length must be 0 to 32' }
  const subnet = subnetOf(address, prefixLength)
  if (subnet.network !== address) return { ok: false, message: `host bits are set; the network is ${formatCidr(subnet)}` }
  return { ok: true, subnet }
}

export function formatCidr(subnet: Ipv4Subnet): string {
  return `${intToIpv4(subnet.network)}/${subnet.prefixLength}`
}
