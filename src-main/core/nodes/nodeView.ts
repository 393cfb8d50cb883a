import type { Selectable } from 'kysely'
import type { NodeAdminView, NodeUserView } from '@shared/domain/nodes'
import type { NodeServerTable } from '../db/schema'
import type { FieldCipher } from '../secrets/fieldCipher'

export type NodeRow = Selectable<NodeServerTable>

export function toNodeAdminView(row: NodeRow, cipher: FieldCipher): NodeAdminView {
  return {
    id: row.id,
    ip_address: row.ip_address,
    domain: row.domain,
    server_group: row.server_group,
    idc_name: row.idc_name,
    salamander: cipher.decryptNullable(row.salamander, 'node_server.salamander'),
    rent_ts: row.rent_ts,
    expire_ts: row.expire_ts === 0 ? null : row.expire_ts,
    fee: row.fee,
    port: row.port,
    sni: row.sni,
    container_id: row.container_id,
    is_active: row.is_active === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export function toNodeUserView(row: NodeRow): NodeUserView {
  return {
    id: row.id,
    ip_address: row.ip_address,
    domain: row.domain,
    server_group: row.server_group,
    expire_ts: row.expire_ts === 0 ? null : row.expire_ts,
    port: row.port,
    sni: row.sni,
    is_active: row.is_active === 1,
  }
}

/** For the audit log: everything an admin sees except the salamander secret. */
export function toNodeAuditView(row: NodeRow): Omit<NodeAdminView, 'salamander'> & { salamander_set: boolean } {
  const { salamander: _secret, node_key: _key, node_key_hash: _hash, is_active, expire_ts, ...plain } = row
  return { ...plain, expire_ts: expire_ts === 0 ? null : expire_ts, is_active: is_active === 1, salamander_set: row.salamander !== null }
}
