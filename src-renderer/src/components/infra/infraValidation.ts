// The pool, plan, connection and router schemas speak English; these are their messages in the UI's language.
// Anything not listed falls through to the app-wide translateValidation.
import { t, translateValidation, type MessageKey } from '../../i18n'

type Say = (match: RegExpMatchArray) => string
const fixed = (key: MessageKey): Say => () => t(key)

const PATTERNS: [RegExp, Say][] = [
  [/^not an IPv4 address$|^an IPv4 address$/, fixed('infra.vNotIpv4')],
  [/^at most 3 servers$/, fixed('infra.vMaxServers')],
  [/^give either cidr or first, last and prefix_length$/, fixed('infra.vCidrOrRange')],
  [/^required \(or give cidr\)$/, fixed('infra.vRequiredOrCidr')],
  [/^required in NAT mode$/, fixed('infra.vRequiredNat')],
  [/^required with token_id$/, fixed('infra.vRequiredWithToken')],
  [/^required with username$/, fixed('infra.vRequiredWithUsername')],
  [/^give an API token, or a username and password$/, fixed('infra.vTokenOrPassword')],
  [/^user@realm, e\.g\./, fixed('infra.vUserRealm')],
  [/^user@realm!tokenid/, fixed('infra.vTokenId')],
  [/^a PVE node name$/, fixed('infra.vPveNode')],
  [/^a PVE storage id$/, fixed('infra.vStorage')],
  [/^a bridge name/, fixed('infra.vBridge')],
  [/^a template volume/, fixed('infra.vTemplate')],
  [/^an https:\/\/ URL/, fixed('infra.vHttpsUrl')],
  [/^an http:\/\/ or https:\/\/ URL/, fixed('infra.vHttpUrl')],
  [/^a WAN line name/, fixed('infra.vWanLine')],
  [/^an IPv4 address or a domain name$/, fixed('infra.vHostOrIp')],
  [/^at least one template$/, fixed('infra.vOneTemplate')],
  [/^must be positive$/, fixed('infra.vPositive')],
  [/^a SHA-256 fingerprint/, fixed('infra.vFingerprint')],
  [/^must be a positive id$/, fixed('infra.vChoose')],
  [/expected \w+, received (null|undefined)$/, fixed('validation.required')],
  [/expected number, received NaN$|expected number, received string$/, fixed('infra.vNumber')],
  [/^at least 0 \(0 = unlimited\)$/, fixed('infra.vUnlimitedZero')],
  [/^at least (\d+) (MiB|GiB)$/, (m) => t('infra.vAtLeastUnit', { n: m[1]!, unit: m[2]! })],
  [/^must not be below first \((.+)\)$/, (m) => t('infra.vBelowFirst', { first: m[1]! })],
  [/^not in (\S+), the subnet of first$/, (m) => t('infra.vNotInSubnet', { subnet: m[1]! })],
  [/^outside (\S+)$/, (m) => t('infra.vOutside', { subnet: m[1]! })],
  [/^is the network address$/, fixed('infra.vNetworkAddress')],
  [/^is the broadcast address$/, fixed('infra.vBroadcastAddress')],
  [/^is the pool’s only address$/, fixed('infra.vOnlyAddress')],
  [/^(\S+) is outside the pool \((\S+) to (\S+)\)$/, (m) => t('infra.vOutsidePool', { value: m[1]!, first: m[2]!, last: m[3]! })],
  [/^leaves no slot to hand out$/, fixed('infra.vNoSlot')],
  [/^not in a\.b\.c\.d\/prefix form$/, fixed('infra.vCidrForm')],
  [/^not an IPv4 address before the \/$/, fixed('infra.vCidrAddress')],
  [/^the prefix length must be 0 to 32$/, fixed('infra.vCidrPrefix')],
  [/^host bits are set; the network is (\S+)$/, (m) => t('infra.vHostBits', { network: m[1]! })],
  [/^(\S+) is already allocated to (.+)$/, (m) => t('infra.vAllocated', { value: m[1]!, owner: m[2]! })],
  [/^(\S+) is already in use$/, (m) => t('infra.vInUseOutside', { value: m[1]! })],
  [/^(\d+) slots? (is|are) still allocated/, (m) => t('infra.vStillAllocated', { count: m[1]! })],
  [/^still used by a plan/, fixed('infra.vUsedByPlan')],
]

export function translateInfraValidation(message: string): string {
  for (const [pattern, say] of PATTERNS) {
    const match = message.match(pattern)
    if (match) return say(match)
  }
  return translateValidation(message)
}
