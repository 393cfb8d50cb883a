// Imported statically so bundling keeps every migration; nothing scans folders at run time.
import type { Migration } from './migration'
import { migration0001 } from './0001_users_and_nodes'
import { migration0002 } from './0002_sessions_and_audit'
import { migration0003 } from './0003_pools'
import { migration0004 } from './0004_pve_and_containers'
import { migration0005 } from './0005_nat'
import { migration0006 } from './0006_auth_lookup_index'
import { migration0007 } from './0007_propagation_per_column'
import { migration0008 } from './0008_auth_generation'
import { migration0009 } from './0009_audit_occurrences'

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009]
export type { Migration }
