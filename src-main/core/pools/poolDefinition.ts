// A pool's definition in one shape for create and update: the layout decides what is handed out, the rest is
// metadata handed along with each IPv4 address.
import type { Selectable } from 'kysely'
import { AppError } from '@shared/errors'
import { ipv4ToInt, intToIpv4, type Ipv4Subnet } from '@shared/cidr'
import { layoutProblems, type PoolLayout } from '@shared/poolLayout'
import type { CreatePoolInput, UpdatePoolInput } from '@shared/domain/pools'
import type { PoolsTable } from '../db/schema'

export type PoolRow = Selectable<PoolsTable>

export interface PoolDefinition {
  name: string
  layout: PoolLayout
  dns: string[]
}

/** An address the contract has already validated. */
function slotOf(address: string): number {
  const slot = ipv4ToInt(address)
  if (slot === null) throw new Error(`unvalidated IPv4 address ${address}`)
  return slot
}

function rangeOfCidr(cidr: Ipv4Subnet): Pick<PoolLayout, 'first' | 'last' | 'prefixLength'> {
  return { first: cidr.network, last: cidr.broadcast, prefixLength: cidr.prefixLength }
}

export function definitionOfRow(row: PoolRow): PoolDefinition {
  return {
    name: row.name,
    dns: JSON.parse(row.dns) as string[],
    layout: {
      kind: row.kind,
      first: row.first_slot,
      last: row.last_slot,
      prefixLength: row.prefix_length,
      gateway: row.gateway === null ? null : slotOf(row.gateway),
      reserved: JSON.parse(row.reserved) as number[],
    },
  }
}

export function definitionOfCreate(input: CreatePoolInput): PoolDefinition {
  if (input.kind !== 'ipv4') {
    return { name: input.name, dns: [], layout: { kind: input.kind, first: input.first, last: input.last, prefixLength: null, gateway: null, reserved: input.reserved } }
  }
  // Without cidr the contract has required first, last and prefix_length.
  const range = input.cidr
    ? rangeOfCidr(input.cidr)
    : { first: slotOf(input.first!), last: slotOf(input.last!), prefixLength: input.prefix_length! }
  return {
    name: input.name,
    dns: input.dns,
    layout: { kind: 'ipv4', ...range, gateway: input.gateway ? slotOf(input.gateway) : null, reserved: input.reserved.map(slotOf) },
  }
}

/** The current definition with the fields the update gives replaced. */
export function definitionWithUpdate(current: PoolDefinition, input: UpdatePoolInput): PoolDefinition {
  const layout = current.layout
  if (input.kind !== layout.kind) {
    const message = `the pool's kind is ${layout.kind} and cannot change`
    throw new AppError('VALIDATION', `kind: ${message}`, { fields: { kind: message } })
  }
  const name = input.name ?? current.name
  if (input.kind !== 'ipv4') {
    return { name, dns: [], layout: { ...layout, first: input.first ?? layout.first, last: input.last ?? layout.last, reserved: input.reserved ?? layout.reserved } }
  }
  const range = input.cidr
    ? rangeOfCidr(input.cidr)
    : {
        first: input.first === undefined ? layout.first : slotOf(input.first),
        last: input.last === undefined ? layout.last : slotOf(input.last),
        prefixLength: input.prefix_length ?? layout.prefixLength,
      }
  const gateway = input.gateway === undefined ? layout.gateway : input.gateway === null ? null : slotOf(input.gateway)
  return {
    name,
    dns: input.dns ?? current.dns,
    layout: { ...layout, ...range, gateway, reserved: input.reserved === undefined ? layout.reserved : input.reserved.map(slotOf) },
  }
}

export function assertValidLayout(layout: PoolLayout): void {
  const fields = layoutProblems(layout)
  const summary = Object.entries(fields).map(([field, message]) => `${field}: ${message}`)
  if (summary.length > 0) throw new AppError('VALIDATION', `invalid pool (${summary.join('; ')})`, { fields })
}

/** The pools row for a definition; reserved is stored sorted and without repeats. */
export function columnsOf(definition: PoolDefinition) {
  const { layout } = definition
  return {
    kind: layout.kind,
    name: definition.name,
    first_slot: layout.first,
    last_slot: layout.last,
    prefix_length: layout.prefixLength,
    gateway: layout.gateway === null ? null : intToIpv4(layout.gateway),
    dns: JSON.stringify(definition.dns),
    reserved: JSON.stringify([...new Set(layout.reserved)].sort((a, b) => a - b)),
  }
}
