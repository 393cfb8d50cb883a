// Imported statically so bundling keeps every migration; nothing scans folders at run time.
import type { Migration } from './migration'
import { migration0001 } from './0001_users_and_nodes'
import { migration0002 } from './0002_sessions_and_audit'

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002]
export type { Migration }
