import type { Migration } from './migration'

export const migration0005: Migration = {
  version: 5,
  name: 'nat',
  sql: `
CREATE TABLE routers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  base_url TEXT NOT NULL,
  username TEXT NOT NULL,
  password TEXT NOT NULL,
  fingerprint TEXT,
  wan_interface TEXT NOT NULL,
  public_host TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
CREATE UNIQUE INDEX ux_routers_name ON routers(name);

-- One port mapping on a router for one container. The router's own rule id is learned after the add;
-- the rule's comment (proxdesk:c<container>:m<mapping>:<purpose>) finds it again when that id is unknown.
CREATE TABLE nat_mappings (
  id INTEGER PRIMARY KEY,
  container_id INTEGER NOT NULL REFERENCES containers(id),
  router_id INTEGER NOT NULL REFERENCES routers(id),
  port_pool_id INTEGER NOT NULL REFERENCES pools(id),
  purpose TEXT NOT NULL,
  protocol TEXT NOT NULL CHECK (protocol IN ('tcp', 'udp', 'tcp+udp')),
  external_first INTEGER NOT NULL,
  external_last INTEGER NOT NULL,
  internal_first INTEGER NOT NULL,
  internal_last INTEGER NOT NULL,
  router_rule_id INTEGER,
  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'disabled', 'removing')),
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
  CHECK (external_last >= external_first AND internal_last - internal_first = external_last - external_first)
) STRICT;
CREATE INDEX ix_nat_mappings_container ON nat_mappings(container_id);
CREATE INDEX ix_nat_mappings_router ON nat_mappings(router_id);

CREATE TRIGGER nat_mappings_touch_updated_at AFTER UPDATE ON nat_mappings
WHEN NEW.updated_at IS OLD.updated_at AND NEW.updated_at IS NOT unixepoch()
BEGIN
  UPDATE nat_mappings SET updated_at = unixepoch() WHERE id = NEW.id;
END;
`,
}
