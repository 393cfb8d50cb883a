// The small plan both test worlds (REST tests and browser tests) provision from: one place for its resources.
export const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'

export interface PlanFixtureIds {
  connectionId: number
  ipPoolId: number
  vmidPoolId: number
  /** Both set for a NAT plan, both null for a bridged one. */
  routerId: number | null
  portPoolId: number | null
  natRuleLimit: number
}

export function smallPlan(ids: PlanFixtureIds) {
  const nat = ids.routerId !== null
  return {
    name: nat ? 'nat-small' : 'small',
    connection_id: ids.connectionId,
    pve_node: 'pve1',
    network_mode: nat ? ('nat' as const) : ('bridged' as const),
    router_id: ids.routerId,
    port_pool_id: ids.portPoolId,
    nat_rule_limit: ids.natRuleLimit,
    bridge: 'vmbr0',
    storage: 'local-lvm',
    ip_pool_id: ids.ipPoolId,
    vmid_pool_id: ids.vmidPoolId,
    cores: 1,
    memory_mb: 512,
    disk_gb: 8,
    swap_mode: 'equal' as const,
    cpulimit: 1,
    rate_mbps: 12.5,
    nesting: true,
    templates: [TEMPLATE],
  }
}
