// Row types as SQLite stores them (0/1 for booleans, Unix seconds for times, ciphertext for secrets).
import type { Generated } from 'kysely'

export interface UsersTable {
  id: Generated<number>
  username: string
  password_hash: string | null
  login_password_md5: string | null
  /** Ciphertext (FieldCipher). */
  proxy_password: string
  permission: 'admin' | 'user'
  is_active: number
  proxy_expire_ts: number | null
  register_ts: Generated<number>
  last_login_ts: number | null
  register_ip: string | null
  last_login_ip: string | null
  /** Ciphertext (FieldCipher); looked up by sub_token_hash. */
  sub_token: string
  sub_token_hash: string
  created_at: Generated<number>
  updated_at: Generated<number>
}

export interface NodeServerTable {
  id: Generated<number>
  ip_address: string
  domain: string | null
  server_group: string
  idc_name: string | null
  /** Ciphertext (FieldCipher). */
  salamander: string | null
  rent_ts: Generated<number>
  expire_ts: number | null
  fee: number | null
  port: Generated<number>
  sni: string | null
  /** Ciphertext (FieldCipher); looked up by node_key_hash. */
  node_key: string
  node_key_hash: string
  /** The container this proxy node runs in, if proxdesk provisioned it. */
  container_id: number | null
  is_active: Generated<number>
  created_at: Generated<number>
  updated_at: Generated<number>
}

export interface SessionsTable {
  token_hash: string
  user_id: number
  created_at: number
  expires_at: number
  ip: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  ts: number
  kind: string
  actor: string | null
  ip: string | null
  target_type: string | null
  target_id: string | null
  /** JSON object without secrets. */
  detail: string | null
  /** How many identical entries this row stands for (1 except for repeated proxy-auth refusals). */
  occurrences: Generated<number>
}

export interface MetaTable {
  key: string
  value: string
}

export interface PoolsTable {
  id: Generated<number>
  kind: 'ipv4' | 'port' | 'vmid'
  name: string
  /** IPv4 addresses as unsigned 32-bit integers; ports and VMIDs as themselves. */
  first_slot: number
  last_slot: number
  /** IPv4 pools only. */
  prefix_length: number | null
  /** Dotted IPv4; IPv4 pools only. */
  gateway: string | null
  /** JSON array of dotted IPv4 nameservers. */
  dns: Generated<string>
  /** JSON array of slots never handed out. */
  reserved: Generated<string>
  /** Maintained by triggers on pool_allocations. */
  allocated_count: Generated<number>
  created_at: number
  updated_at: number
}

/** Disjoint, non-adjacent intervals of slots that are free. */
export interface PoolFreeRangesTable {
  pool_id: number
  range_start: number
  range_end: number
}

export interface PoolAllocationsTable {
  pool_id: number
  slot: number
  /** Opaque to the pools, e.g. 'container:12'. */
  owner: string
  allocated_at: number
}

export interface DB extends PveTables {
  users: UsersTable
  node_server: NodeServerTable
  sessions: SessionsTable
  audit_log: AuditLogTable
  meta: MetaTable
  pools: PoolsTable
  pool_free_ranges: PoolFreeRangesTable
  pool_allocations: PoolAllocationsTable
}

export interface PveConnectionsTable {
  id: Generated<number>
  name: string
  base_url: string
  token_id: string | null
  /** Ciphertext (FieldCipher). */
  token_secret: string | null
  username: string | null
  /** Ciphertext (FieldCipher). */
  password: string | null
  /** Pinned SHA-256 certificate fingerprint ('AB:CD:…'); null trusts the system CAs. */
  fingerprint: string | null
  created_at: Generated<number>
  updated_at: Generated<number>
}

export interface PlansTable {
  id: Generated<number>
  name: string
  connection_id: number
  pve_node: string
  network_mode: 'bridged' | 'nat'
  bridge: string
  storage: string
  ip_pool_id: number
  vmid_pool_id: number
  port_pool_id: number | null
  router_id: number | null
  nat_rule_limit: number
  /** JSON array of IPv4 addresses, or null for the IP pool's DNS. */
  dns: string | null
  cores: number
  memory_mb: number
  disk_gb: number
  swap_mode: 'none' | '1024' | 'equal'
  cpulimit: number
  cpuunits: number
  rate_mbps: number | null
  nesting: number
  onboot: number
  /** JSON array of template volume ids. */
  templates: string
  created_at: Generated<number>
  updated_at: Generated<number>
}

export type ContainerState = 'creating' | 'running' | 'stopped' | 'suspended' | 'failed' | 'deleting' | 'deleted'

export interface ContainersTable {
  id: Generated<number>
  connection_id: number
  plan_id: number
  pve_node: string
  vmid: number | null
  hostname: string
  template: string
  owner_label: string | null
  ip_address: string | null
  prefix_length: number | null
  gateway: string | null
  cores: number
  memory_mb: number
  disk_gb: number
  swap_mb: number
  pve_userid: string | null
  /** Ciphertext (FieldCipher): the console-only PVE user's password. */
  pve_user_password: string | null
  state: ContainerState
  last_error: string | null
  created_at: Generated<number>
  updated_at: Generated<number>
}

export interface ContainerStepsTable {
  container_id: number
  saga: string
  step: string
  position: number
  status: 'started' | 'done' | 'undone' | 'failed'
  /** JSON object the step needs to undo itself. */
  data: string | null
  error: string | null
  updated_at: Generated<number>
}

export interface RoutersTable {
  id: Generated<number>
  name: string
  base_url: string
  username: string
  /** Ciphertext (FieldCipher). */
  password: string
  fingerprint: string | null
  /** The router's WAN line the rules listen on, e.g. wan1. */
  wan_interface: string
  /** The address customers connect to; shown as the SSH host of NAT containers. */
  public_host: string
  created_at: Generated<number>
  updated_at: Generated<number>
}

export type NatProtocol = 'tcp' | 'udp' | 'tcp+udp'

export interface NatMappingsTable {
  id: Generated<number>
  container_id: number
  router_id: number
  port_pool_id: number
  purpose: string
  protocol: NatProtocol
  external_first: number
  external_last: number
  internal_first: number
  internal_last: number
  router_rule_id: number | null
  state: 'pending' | 'active' | 'disabled' | 'removing'
  created_at: Generated<number>
  updated_at: Generated<number>
}

export interface PveTables {
  routers: RoutersTable
  nat_mappings: NatMappingsTable
  pve_connections: PveConnectionsTable
  plans: PlansTable
  containers: ContainersTable
  container_steps: ContainerStepsTable
}
