import { formatCidr, intToIpv4, subnetOf } from '@shared/cidr'
import { formatSlot, poolSize } from '@shared/poolLayout'
import type { PoolView } from '@shared/domain/pools'
import { definitionOfRow, type PoolRow } from './poolDefinition'

/** The network settings a container needs with an address from this pool; nothing for ports and VMIDs. */
export function networkOf(row: PoolRow): { prefix_length?: number; gateway?: string | null; dns?: string[] } {
  if (row.kind !== 'ipv4' || row.prefix_length === null) return {}
  return { prefix_length: row.prefix_length, gateway: row.gateway, dns: JSON.parse(row.dns) as string[] }
}

export function toPoolView(row: PoolRow): PoolView {
  const { layout, dns } = definitionOfRow(row)
  const size = poolSize(layout)
  const common = {
    id: row.id,
    name: row.name,
    usage: { size, used: row.allocated_count, free: size - row.allocated_count },
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
  if (layout.kind !== 'ipv4') {
    return { ...common, kind: layout.kind, first: layout.first, last: layout.last, reserved: [...layout.reserved] }
  }
  if (layout.prefixLength === null) throw new Error(`ipv4 pool ${row.id} has no prefix_length`)
  const subnet = subnetOf(layout.first, layout.prefixLength)
  const isWholeSubnet = subnet.network === layout.first && subnet.broadcast === layout.last
  return {
    ...common,
    kind: 'ipv4',
    cidr: isWholeSubnet ? formatCidr(subnet) : null,
    first: intToIpv4(layout.first),
    last: intToIpv4(layout.last),
    prefix_length: layout.prefixLength,
    gateway: row.gateway,
    dns,
    reserved: layout.reserved.map((slot) => formatSlot('ipv4', slot)),
  }
}
