import type { Migration } from './migration'

// The Hysteria auth endpoint looks a group up by node key hash on every client connection. With the columns
// it reads in the index, that lookup never touches the table rows (one per record of the group). The old
// single-column index is a prefix of this one, so it goes.
export const migration0006: Migration = {
  version: 6,
  name: 'auth_lookup_index',
  sql: `
CREATE INDEX ix_node_server_node_key_auth ON node_server(node_key_hash, is_active, expire_ts, server_group);
DROP INDEX ix_node_server_node_key_hash;
`,
}
