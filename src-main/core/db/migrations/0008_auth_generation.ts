import type { Migration } from './migration'

/** The columns the Hysteria auth endpoint reads (core/proxy/proxyAuth.ts PROXY_AUTH_SQL), per table. */
export const AUTH_COLUMNS = {
  users: ['username', 'proxy_password', 'is_active', 'proxy_expire_ts'],
  node_server: ['server_group', 'expire_ts', 'is_active', 'node_key_hash'],
} as const

const bump = 'UPDATE auth_generation SET generation = generation + 1;'

const triggersOn = (table: keyof typeof AUTH_COLUMNS) => `
CREATE TRIGGER ${table}_auth_generation_insert AFTER INSERT ON ${table} BEGIN ${bump} END;
CREATE TRIGGER ${table}_auth_generation_delete AFTER DELETE ON ${table} BEGIN ${bump} END;
CREATE TRIGGER ${table}_auth_generation_update AFTER UPDATE OF ${AUTH_COLUMNS[table].join(', ')} ON ${table} BEGIN ${bump} END;`

// The auth endpoint keeps its lookups in memory (core/proxy/authLookupCache.ts) and reads this one row per
// request: any write to what it reads, from any connection or process, and also straight SQL, bumps the
// counter inside the writing transaction, so a cache that saw the old value is dropped before it answers.
export const migration0008: Migration = {
  version: 8,
  name: 'auth_generation',
  sql: `
CREATE TABLE auth_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO auth_generation (id, generation) VALUES (1, 0);
${triggersOn('users')}
${triggersOn('node_server')}
`,
}
