// Router rules proxdesk did not make (added by hand, or by another tool) hold WAN ports the port pool knows
// nothing about; the router refuses an overlapping add, so allocation must step around them.
import type { DnatRule } from '../ikuai/dnatRule'
import { parsePortSpec } from '../ikuai/portSpec'
import { mappingIdOf } from './ruleComment'

function protocolsOf(protocol: string): string[] {
  return protocol.split('+')
}

/** WAN ports held by foreign rules that share a protocol with `protocol`. */
export function foreignWanPorts(rules: readonly DnatRule[], protocol: string): Set<number> {
  const wanted = protocolsOf(protocol)
  const ports = new Set<number>()
  for (const rule of rules) {
    if (mappingIdOf(rule.comment) !== null || !protocolsOf(rule.protocol).some((p) => wanted.includes(p))) continue
    for (const [first, last] of parsePortSpec(rule.wan_port) ?? []) {
      for (let port = first; port <= last; port++) ports.add(port)
    }
  }
  return ports
}
