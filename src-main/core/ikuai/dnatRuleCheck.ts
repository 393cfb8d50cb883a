// Checks a rule before it is sent, so a mistake is a field error here instead of a router message (or, worse,
// a rule the router accepted in a form it interprets differently).
import { AppError, type FieldErrors } from '@shared/errors'
import { isIpv4 } from '@shared/ip'
import { DNAT_PROTOCOLS, type NewDnatRule } from './dnatRule'
import { parsePortSpec } from './portSpec'

const PORTS = 'a port 1-65535, a range such as 8000-8010, or a comma list of them'
const INTERFACE = /^[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$/
const SOURCE = /^[0-9A-Fa-f.:/,-]*$/
const CONTROL = /[\u0000-\u001f\u007f]/

function invalid(fields: FieldErrors, subject: string): AppError {
  const details = Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`).join('; ')
  return new AppError('VALIDATION', `invalid ${subject} (${details})`, { fields })
}

export function checkNewDnatRule(rule: NewDnatRule): void {
  const fields: FieldErrors = {}
  if (typeof rule.enabled !== 'boolean') fields.enabled = 'true or false'
  if (!(DNAT_PROTOCOLS as readonly string[]).includes(rule.protocol)) fields.protocol = DNAT_PROTOCOLS.join(', ')
  if (!parsePortSpec(rule.wan_port)) fields.wan_port = PORTS
  if (!parsePortSpec(rule.lan_port)) fields.lan_port = PORTS
  if (!isIpv4(rule.lan_addr)) fields.lan_addr = 'an IPv4 address'
  if (!INTERFACE.test(rule.interface)) fields.interface = 'a WAN line name such as wan1, or a comma list of them'
  if (CONTROL.test(rule.comment)) fields.comment = 'no control characters'
  if (!SOURCE.test(rule.src_addr)) fields.src_addr = 'empty for anyone, or addresses separated by commas'
  if (Object.keys(fields).length > 0) throw invalid(fields, 'dnat rule')
}

export function checkRuleId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 1) throw invalid({ id: 'a positive whole number' }, 'dnat rule id')
}
