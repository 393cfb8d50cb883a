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
}

export interface MetaTable {
  key: string
  value: string
}

export interface DB {
  users: UsersTable
  node_server: NodeServerTable
  sessions: SessionsTable
  audit_log: AuditLogTable
  meta: MetaTable
}
