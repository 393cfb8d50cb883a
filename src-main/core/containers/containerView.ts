import type { Selectable } from 'kysely'
import type { ContainerView } from '@shared/domain/containers'
import type { ContainersTable } from '../db/schema'
import type { Database } from '../db/database'

export type ContainerRow = Selectable<ContainersTable>

export function toContainerView(db: Database, row: ContainerRow, networkMode: 'bridged' | 'nat', ssh: { host: string; port: number } | null): ContainerView {
  const steps = db.all(
    db.qb
      .selectFrom('container_steps')
      .select(['saga', 'step', 'status', 'error', 'updated_at'])
      .where('container_id', '=', row.id)
      .orderBy('saga')
      .orderBy('position'),
  )
  const { pve_user_password: _secret, ...plain } = row
  return { ...plain, network_mode: networkMode, ssh_host: ssh?.host ?? null, ssh_port: ssh?.port ?? null, steps }
}
