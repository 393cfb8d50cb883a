// Pool usage without touching pool_allocations: allocated_count is kept by triggers, and the size follows from
// the pool's own row (its range minus the slots it never hands out), so a /8 costs what a /30 does.
import type { DashboardPoolUsage } from '@shared/contract/ops/dashboard'
import { poolSize } from '@shared/poolLayout'
import type { Database } from '../db/database'
import { definitionOfRow, type PoolRow } from '../pools/poolDefinition'

export const POOL_USAGE_SQL = 'SELECT * FROM pools ORDER BY id'

export function poolUsage(db: Database): DashboardPoolUsage[] {
  return (db.prepare(POOL_USAGE_SQL).all() as PoolRow[]).map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    used: row.allocated_count,
    total: poolSize(definitionOfRow(row).layout),
  }))
}
