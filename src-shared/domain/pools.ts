import { z } from 'zod'
import * as v from '../validators'
import { POOL_KINDS, SLOT_BOUNDS } from '../poolLayout'

export { POOL_KINDS, type PoolKind } from '../poolLayout'

const poolName = z.string().trim().min(1, 'required').max(64, 'at most 64 characters')
const prefixLength = z.number().int('must be a whole number').min(0, 'at least 0').max(32, 'at most 32')
/** resolv.conf honours three nameservers. */
const dnsServers = z.array(v.ipv4Address).max(3, 'at most 3 servers')
const MAX_RESERVED = 1024

const slotNumber = (kind: 'port' | 'vmid') =>
  z
    .number()
    .int('must be a whole number')
    .min(SLOT_BOUNDS[kind].min, `at least ${SLOT_BOUNDS[kind].min}`)
    .max(SLOT_BOUNDS[kind].max, `at most ${SLOT_BOUNDS[kind].max}`)

const ipv4Fields = {
  name: poolName,
  cidr: v.ipv4Cidr.optional(),
  first: v.ipv4Address.optional(),
  last: v.ipv4Address.optional(),
  prefix_length: prefixLength.optional(),
  gateway: v.ipv4Address.nullable().optional(),
  dns: dnsServers,
  reserved: z.array(v.ipv4Address).max(MAX_RESERVED, `at most ${MAX_RESERVED} addresses`),
}

const RANGE_FIELDS = ['first', 'last', 'prefix_length'] as const
type Ipv4RangeInput = { cidr?: unknown } & { [F in (typeof RANGE_FIELDS)[number]]?: unknown }

/** An IPv4 range is a cidr, or first + last + prefix_length; never both. On update any part of the latter may change. */
const ipv4RangeShape = (required: boolean) => (input: Ipv4RangeInput, ctx: z.RefinementCtx) => {
  for (const field of RANGE_FIELDS) {
    if (input.cidr !== undefined && input[field] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'give either cidr or first, last and prefix_length' })
    } else if (required && input.cidr === undefined && input[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'required (or give cidr)' })
    }
  }
}

export const createIpv4PoolInput = z
  .strictObject({
    kind: z.literal('ipv4'),
    ...ipv4Fields,
    dns: ipv4Fields.dns.default([]),
    reserved: ipv4Fields.reserved.default([]),
  })
  .superRefine(ipv4RangeShape(true))

const numberPoolFields = (kind: 'port' | 'vmid') => ({
  name: poolName,
  first: slotNumber(kind),
  last: slotNumber(kind),
  reserved: z.array(slotNumber(kind)).max(MAX_RESERVED, `at most ${MAX_RESERVED} entries`),
})

const createNumberPoolInput = <K extends 'port' | 'vmid'>(kind: K) => {
  const fields = numberPoolFields(kind)
  return z.strictObject({ kind: z.literal(kind), ...fields, reserved: fields.reserved.default([]) })
}

const updateNumberPoolInput = <K extends 'port' | 'vmid'>(kind: K) =>
  z.strictObject({ id: v.idParam, kind: z.literal(kind), ...numberPoolFields(kind) }).partial({ name: true, first: true, last: true, reserved: true })

export const createPoolInput = z.discriminatedUnion('kind', [createIpv4PoolInput, createNumberPoolInput('port'), createNumberPoolInput('vmid')])
export type CreatePoolInput = z.output<typeof createPoolInput>

/** The kind is required and must match the pool's: it selects how first, last and reserved are read. */
export const updatePoolInput = z.discriminatedUnion('kind', [
  z
    .strictObject({ id: v.idParam, kind: z.literal('ipv4'), ...ipv4Fields })
    .partial({ name: true, dns: true, reserved: true })
    .superRefine(ipv4RangeShape(false)),
  updateNumberPoolInput('port'),
  updateNumberPoolInput('vmid'),
])
export type UpdatePoolInput = z.output<typeof updatePoolInput>

export const listPoolsInput = z.strictObject({ kind: z.enum(POOL_KINDS).optional() })
export type ListPoolsInput = z.output<typeof listPoolsInput>

export const poolAllocationsInput = z.strictObject({ id: v.idParam, ...v.pagination })
export type PoolAllocationsInput = z.output<typeof poolAllocationsInput>

/** size: slots the pool can ever hand out; used + free = size. */
export const poolUsage = z.strictObject({ size: z.number().int(), used: z.number().int(), free: z.number().int() })
export type PoolUsage = z.infer<typeof poolUsage>

const timestamps = { created_at: z.number().int(), updated_at: z.number().int() }

export const ipv4PoolView = z.strictObject({
  id: z.number().int(),
  kind: z.literal('ipv4'),
  name: z.string(),
  /** The range as a CIDR when it is exactly one whole subnet. */
  cidr: z.string().nullable(),
  first: z.string(),
  last: z.string(),
  prefix_length: z.number().int(),
  gateway: z.string().nullable(),
  dns: z.array(z.string()),
  reserved: z.array(z.string()),
  usage: poolUsage,
  ...timestamps,
})

export const numberPoolView = z.strictObject({
  id: z.number().int(),
  kind: z.enum(['port', 'vmid']),
  name: z.string(),
  first: z.number().int(),
  last: z.number().int(),
  reserved: z.array(z.number().int()),
  usage: poolUsage,
  ...timestamps,
})

export const poolView = z.union([ipv4PoolView, numberPoolView])
export type PoolView = z.infer<typeof poolView>

export const poolAllocationView = z.strictObject({
  slot: z.number().int(),
  /** '10.0.0.5', '30001' or '105'. */
  value: z.string(),
  owner: z.string(),
  allocated_at: z.number().int(),
})
export type PoolAllocationView = z.infer<typeof poolAllocationView>
