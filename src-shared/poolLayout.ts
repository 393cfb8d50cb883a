// What a pool may hand out, as pure functions of its definition, so the UI can preview a pool's size and
// point at a bad field before saving, with exactly the rules the server applies.
import { intToIpv4, nonHostAddresses, subnetOf, formatCidr } from './cidr'
import type { FieldErrors } from './errors'

export const POOL_KINDS = ['ipv4', 'port', 'vmid'] as const
export type PoolKind = (typeof POOL_KINDS)[number]

/** Slot bounds per kind; PVE refuses VMIDs below 100 and above 999999999. */
export const SLOT_BOUNDS: Record<PoolKind, { min: number; max: number }> = {
  ipv4: { min: 0, max: 2 ** 32 - 1 },
  port: { min: 1, max: 65_535 },
  vmid: { min: 100, max: 999_999_999 },
}

/** A pool's definition with every address as its integer slot. */
export interface PoolLayout {
  kind: PoolKind
  first: number
  last: number
  /** IPv4 pools only. */
  prefixLength: number | null
  /** IPv4 pools only. */
  gateway: number | null
  reserved: readonly number[]
}

export function formatSlot(kind: PoolKind, slot: number): string {
  return kind === 'ipv4' ? intToIpv4(slot) : String(slot)
}

/** Slots inside the range that are never handed out (network, broadcast, gateway, reserved), ascending. */
export function excludedSlots(layout: PoolLayout): number[] {
  const candidates = [...layout.reserved]
  if (layout.kind === 'ipv4' && layout.prefixLength !== null) {
    candidates.push(...nonHostAddresses(subnetOf(layout.first, layout.prefixLength)))
    if (layout.gateway !== null) candidates.push(layout.gateway)
  }
  const inRange = candidates.filter((slot) => slot >= layout.first && slot <= layout.last)
  return [...new Set(inRange)].sort((a, b) => a - b)
}

/** Why a slot inside the range is never handed out, or null when it may be. */
export function exclusionReason(layout: PoolLayout, slot: number): 'network' | 'broadcast' | 'gateway' | 'reserved' | null {
  if (layout.kind === 'ipv4' && layout.prefixLength !== null) {
    const subnet = subnetOf(layout.first, layout.prefixLength)
    if (nonHostAddresses(subnet).includes(slot)) return slot === subnet.network ? 'network' : 'broadcast'
    if (slot === layout.gateway) return 'gateway'
  }
  return layout.reserved.includes(slot) ? 'reserved' : null
}

/** How many slots the pool can hand out at most. */
export function poolSize(layout: PoolLayout): number {
  return layout.last - layout.first + 1 - excludedSlots(layout).length
}

function gatewayProblem(layout: PoolLayout & { prefixLength: number; gateway: number }): string | null {
  const subnet = subnetOf(layout.first, layout.prefixLength)
  if (layout.prefixLength === 32) {
    // A /32 host reaches its gateway through an on-link route, so the gateway lies outside by nature.
    return layout.gateway === layout.first ? 'is the pool’s only address' : null
  }
  if (layout.gateway < subnet.network || layout.gateway > subnet.broadcast) return `outside ${formatCidr(subnet)}`
  if (layout.prefixLength <= 30 && layout.gateway === subnet.network) return 'is the network address'
  if (layout.prefixLength <= 30 && layout.gateway === subnet.broadcast) return 'is the broadcast address'
  return null
}

/** Every problem with a pool definition, by field; empty when the pool can be saved. */
export function layoutProblems(layout: PoolLayout): FieldErrors {
  const problems: FieldErrors = {}
  const show = (slot: number) => formatSlot(layout.kind, slot)
  if (layout.last < layout.first) {
    problems.last = `must not be below first (${show(layout.first)})`
    return problems
  }
  if (layout.kind === 'ipv4' && layout.prefixLength !== null) {
    const subnet = subnetOf(layout.first, layout.prefixLength)
    if (layout.last > subnet.broadcast) problems.last = `not in ${formatCidr(subnet)}, the subnet of first`
    else if (layout.gateway !== null) {
      const gateway = gatewayProblem({ ...layout, prefixLength: layout.prefixLength, gateway: layout.gateway })
      if (gateway) problems.gateway = gateway
    }
  }
  layout.reserved.forEach((slot, index) => {
    if (slot < layout.first || slot > layout.last) problems[`reserved.${index}`] = `${show(slot)} is outside the pool (${show(layout.first)} to ${show(layout.last)})`
  })
  if (Object.keys(problems).length === 0 && poolSize(layout) === 0) {
    problems[layout.reserved.length > 0 ? 'reserved' : 'last'] = 'leaves no slot to hand out'
  }
  return problems
}
