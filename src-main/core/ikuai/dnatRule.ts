// Port mapping rules (`func_name: "dnat"`) as proxdesk sees them, and their wire forms. Rows are read
// leniently where firmware differs (ids and ports as strings or numbers, `enabled` as "yes"/"no" in any case,
// src_addr as text or, on 4.x, an object) and strictly everywhere else, so a real change is noticed.
import { z } from 'zod'

export const DNAT_PROTOCOLS = ['tcp', 'udp', 'tcp+udp'] as const
export type DnatProtocol = (typeof DNAT_PROTOCOLS)[number]

export interface DnatRule {
  id: number
  enabled: boolean
  comment: string
  /** WAN line name(s): wan1, adsl1, a comma list, or all. */
  interface: string
  lan_addr: string
  protocol: DnatProtocol
  /** A port, a range "8000-8010" or a comma mix "8000,9000-9010". */
  wan_port: string
  lan_port: string
  /** Source restriction; '' = anyone. */
  src_addr: string
}

export type NewDnatRule = Omit<DnatRule, 'id'>

const integerText = (value: unknown) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value)
const lowerText = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : value)
const numberAsText = (value: unknown) => (typeof value === 'number' ? String(value) : value)

export const rowId = z.preprocess(integerText, z.number().int().positive())
const field = z.preprocess(numberAsText, z.string())
const optionalField = z.preprocess((value) => numberAsText(value ?? ''), z.string())
// Kept as opaque JSON text: proxdesk only ever writes '' and compares what it reads.
const sourceAddress = z.preprocess((value) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : numberAsText(value ?? '')), z.string())

const dnatRow = z
  .object({
    id: rowId,
    enabled: z.preprocess(lowerText, z.enum(['yes', 'no'])),
    comment: optionalField,
    interface: field,
    lan_addr: field,
    protocol: z.preprocess(lowerText, z.enum(DNAT_PROTOCOLS)),
    wan_port: field,
    lan_port: field,
    src_addr: sourceAddress,
  })
  .transform((row): DnatRule => ({ ...row, enabled: row.enabled === 'yes' }))

/** `Data` / `results` of a show with TYPE "total,data"; no rows may come as an empty list or null. */
export const dnatShowData = z.object({
  total: z.preprocess(integerText, z.number().int().nonnegative()).optional(),
  data: z.preprocess((value) => value ?? [], z.array(dnatRow)),
})

export function dnatWireRule(rule: NewDnatRule): Record<string, string> {
  return {
    enabled: rule.enabled ? 'yes' : 'no',
    comment: rule.comment,
    interface: rule.interface,
    lan_addr: rule.lan_addr,
    protocol: rule.protocol,
    wan_port: rule.wan_port,
    lan_port: rule.lan_port,
    src_addr: rule.src_addr,
  }
}
