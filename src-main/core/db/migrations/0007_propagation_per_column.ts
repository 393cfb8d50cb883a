import type { Migration } from './migration'

const SHARED = ['idc_name', 'salamander', 'rent_ts', 'expire_ts', 'fee', 'port', 'sni', 'node_key', 'node_key_hash']

// 0001's single trigger rewrote all nine shared columns of every other record whenever one changed, so changing
// the fee also rewrote the node key hash and expiry of the whole group in three indexes. One trigger per column
// copies only what changed: a group of 1,000 then costs about what the UPDATE … WHERE server_group = ? it
// replaces does (npm run bench). Same guards as before: only a real change fires, only records that still
// differ are touched, so a batch UPDATE of the whole group copies once.
const perColumn = (column: string) => `
CREATE TRIGGER node_server_propagate_${column}
AFTER UPDATE OF ${column} ON node_server
WHEN NEW.server_group IS OLD.server_group AND NEW.${column} IS NOT OLD.${column}
BEGIN
  UPDATE node_server SET ${column} = NEW.${column}, updated_at = unixepoch()
  WHERE server_group = NEW.server_group AND id <> NEW.id AND ${column} IS NOT NEW.${column};
END;`

export const migration0007: Migration = {
  version: 7,
  name: 'propagation_per_column',
  sql: `
DROP TRIGGER node_server_propagate_shared;
${SHARED.map(perColumn).join('\n')}
`,
}
