import { describe, expect, it } from 'vitest'
import { intToIpv4, ipv4ToInt, parseCidr } from '../../src-shared/cidr'
import { excludedSlots, layoutProblems, poolSize, type PoolLayout } from '../../src-shared/poolLayout'

const ip = (text: string) => {
  const slot = ipv4ToInt(text)
  if (slot === null) throw new Error(`bad test address ${text}`)
  return slot
}

function ipv4Layout(cidr: string, extra: { gateway?: string; reserved?: string[] } = {}): PoolLayout {
  const parsed = parseCidr(cidr)
  if (!parsed.ok) throw new Error(parsed.message)
  return {
    kind: 'ipv4',
    first: parsed.subnet.network,
    last: parsed.subnet.broadcast,
    prefixLength: parsed.subnet.prefixLength,
    gateway: extra.gateway ? ip(extra.gateway) : null,
    reserved: (extra.reserved ?? []).map(ip),
  }
}

describe('IPv4 as integers', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.1.2.3', 167_838_211],
    ['192.0.2.255', 3_221_226_239],
    ['255.255.255.255', 2 ** 32 - 1],
  ])('%s <-> %d', (text, value) => {
    expect(ipv4ToInt(text)).toBe(value)
    expect(intToIpv4(value)).toBe(text)
  })

  it.each(['01.2.3.4', '1.2.3', '256.1.1.1', '::1', ' 1.2.3.4'])('refuses %j', (text) => {
    expect(ipv4ToInt(text)).toBeNull()
  })
})

describe('parseCidr', () => {
  it.each([
    ['0.0.0.0/0', '0.0.0.0', '255.255.255.255'],
    ['10.0.0.0/8', '10.0.0.0', '10.255.255.255'],
    ['172.16.0.0/16', '172.16.0.0', '172.16.255.255'],
    ['192.0.2.0/24', '192.0.2.0', '192.0.2.255'],
    ['192.0.2.4/30', '192.0.2.4', '192.0.2.7'],
    ['192.0.2.4/31', '192.0.2.4', '192.0.2.5'],
    ['192.0.2.4/32', '192.0.2.4', '192.0.2.4'],
  ])('%s spans %s to %s', (text, network, broadcast) => {
    const parsed = parseCidr(text)
    expect(parsed).toEqual({ ok: true, subnet: { network: ip(network), broadcast: ip(broadcast), prefixLength: Number(text.split('/')[1]) } })
  })

  it.each([
    ['10.0.0.5/24', /host bits are set; the network is 10\.0\.0\.0\/24/],
    ['10.0.0.0/33', /0 to 32/],
    ['10.0.0.0/08', /0 to 32/],
    ['10.0.0.0', /a\.b\.c\.d\/prefix/],
    ['10.0.0.0/-1', /a\.b\.c\.d\/prefix/],
    ['300.0.0.0/8', /not an IPv4 address/],
  ])('refuses %s', (text, message) => {
    const parsed = parseCidr(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toMatch(message)
  })
})

describe('what a pool hands out', () => {
  it('excludes network and broadcast down to /30, and the gateway', () => {
    expect(poolSize(ipv4Layout('10.0.0.0/8'))).toBe(2 ** 24 - 2)
    expect(poolSize(ipv4Layout('172.16.0.0/16', { gateway: '172.16.0.1' }))).toBe(65_533)
    expect(excludedSlots(ipv4Layout('192.0.2.0/24', { gateway: '192.0.2.1' }))).toEqual([ip('192.0.2.0'), ip('192.0.2.1'), ip('192.0.2.255')])
    expect(excludedSlots(ipv4Layout('192.0.2.4/30', { gateway: '192.0.2.5' }))).toEqual([ip('192.0.2.4'), ip('192.0.2.5'), ip('192.0.2.7')])
  })

  it('treats a /31 as a point-to-point link (RFC 3021) and a /32 as one host with an off-subnet gateway', () => {
    expect(poolSize(ipv4Layout('192.0.2.4/31'))).toBe(2)
    expect(excludedSlots(ipv4Layout('192.0.2.4/31', { gateway: '192.0.2.4' }))).toEqual([ip('192.0.2.4')])
    expect(layoutProblems(ipv4Layout('192.0.2.4/31', { gateway: '192.0.2.9' }))).toEqual({ gateway: 'outside 192.0.2.4/31' })
    const host = ipv4Layout('198.51.100.7/32', { gateway: '198.51.100.1' })
    expect(layoutProblems(host)).toEqual({})
    expect(poolSize(host)).toBe(1)
    expect(layoutProblems(ipv4Layout('198.51.100.7/32', { gateway: '198.51.100.7' }))).toEqual({ gateway: 'is the pool’s only address' })
  })

  it('counts reserved addresses once, even when they repeat or are also the gateway', () => {
    const layout = ipv4Layout('192.0.2.0/29', { gateway: '192.0.2.1', reserved: ['192.0.2.1', '192.0.2.3', '192.0.2.3'] })
    expect(poolSize(layout)).toBe(8 - 4)
  })

  it('names the field of each problem', () => {
    const range: PoolLayout = { kind: 'ipv4', first: ip('10.0.0.10'), last: ip('10.0.1.5'), prefixLength: 24, gateway: null, reserved: [] }
    expect(layoutProblems(range)).toEqual({ last: 'not in 10.0.0.0/24, the subnet of first' })
    expect(layoutProblems({ ...range, last: ip('10.0.0.9') })).toEqual({ last: 'must not be below first (10.0.0.10)' })
    expect(layoutProblems(ipv4Layout('10.0.0.0/24', { gateway: '10.0.1.1' }))).toEqual({ gateway: 'outside 10.0.0.0/24' })
    expect(layoutProblems(ipv4Layout('10.0.0.0/24', { gateway: '10.0.0.0' }))).toEqual({ gateway: 'is the network address' })
    expect(layoutProblems(ipv4Layout('10.0.0.0/24', { gateway: '10.0.0.255' }))).toEqual({ gateway: 'is the broadcast address' })
    expect(layoutProblems(ipv4Layout('10.0.0.0/24', { reserved: ['10.0.0.9', '10.0.2.1'] }))).toEqual({
      'reserved.1': '10.0.2.1 is outside the pool (10.0.0.0 to 10.0.0.255)',
    })
    expect(layoutProblems({ kind: 'port', first: 3000, last: 2000, prefixLength: null, gateway: null, reserved: [] })).toEqual({ last: 'must not be below first (3000)' })
  })

  it('refuses a pool with nothing left to hand out', () => {
    expect(layoutProblems(ipv4Layout('192.0.2.4/32', { reserved: ['192.0.2.4'] }))).toEqual({ reserved: 'leaves no slot to hand out' })
    const networkOnly: PoolLayout = { kind: 'ipv4', first: ip('10.0.0.0'), last: ip('10.0.0.0'), prefixLength: 24, gateway: null, reserved: [] }
    expect(layoutProblems(networkOnly)).toEqual({ last: 'leaves no slot to hand out' })
  })
})
