// Imported statically so bundling keeps every migration; nothing scans folders at run time.
import type { Migration } from './migration'
import { migration0001 } from './0001_users_and_nodes'
import { migration0002 } from './0002_sessions_and_audit'
import { migration0003 } from './0003_pools'
import { migration0004 } from './0004_pve_and_containers'

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004]
export type { Migration }
