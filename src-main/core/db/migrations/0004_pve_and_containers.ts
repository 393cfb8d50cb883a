import type { Migration } from './migration'

export const migration0004: Migration = {
  version: 4,
  name: 'pve_and_containers',
  sql: `
CREATE TABLE pve_connections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  base_url TEXT NOT NULL,
  token_id TEXT,
  token_secret TEXT,
  username TEXT,
  password TEXT,
  fingerprint TEXT,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
  CHECK (token_id IS NOT NULL OR username IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX ux_pve_connections_name ON pve_connections(name);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  connection_id INTEGER NOT NULL REFERENCES pve_connections(id),
  pve_node TEXT NOT NULL,
  network_mode TEXT NOT NULL CHECK (network_mode IN ('bridged', 'nat')),
  bridge TEXT NOT NULL,
  storage TEXT NOT NULL,
  ip_pool_id INTEGER NOT NULL REFERENCES pools(id),
  vmid_pool_id INTEGER NOT NULL REFERENCES pools(id),
  port_pool_id INTEGER REFERENCES pools(id),
  router_id INTEGER,
  nat_rule_limit INTEGER NOT NULL DEFAULT 0,
  dns TEXT,
  cores INTEGER NOT NULL,
  memory_mb INTEGER NOT NULL,
  disk_gb INTEGER NOT NULL,
  swap_mode TEXT NOT NULL CHECK (swap_mode IN ('none', '1024', 'equal')),
  cpulimit REAL NOT NULL DEFAULT 0,
  cpuunits INTEGER NOT NULL DEFAULT 1024,
  rate_mbps REAL,
  nesting INTEGER NOT NULL DEFAULT 0 CHECK (nesting IN (0, 1)),
  onboot INTEGER NOT NULL DEFAULT 1 CHECK (onboot IN (0, 1)),
  templates TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
CREATE UNIQUE INDEX ux_plans_name ON plans(name);

CREATE TABLE containers (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES pve_connections(id),
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  pve_node TEXT NOT NULL,
  vmid INTEGER,
  hostname TEXT NOT NULL,
  template TEXT NOT NULL,
  owner_label TEXT,
  ip_address TEXT,
  prefix_length INTEGER,
  gateway TEXT,
  cores INTEGER NOT NULL,
  memory_mb INTEGER NOT NULL,
  disk_gb INTEGER NOT NULL,
  swap_mb INTEGER NOT NULL,
  pve_userid TEXT,
  pve_user_password TEXT,
  state TEXT NOT NULL CHECK (state IN ('creating', 'running', 'stopped', 'suspended', 'failed', 'deleting', 'deleted')),
  last_error TEXT,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
-- Failed and deleted rows stay as history; their VMID may be handed out again.
CREATE UNIQUE INDEX ux_containers_vmid ON containers(connection_id, vmid) WHERE vmid IS NOT NULL AND state NOT IN ('deleted', 'failed');
CREATE INDEX ix_containers_state ON containers(state);
CREATE INDEX ix_containers_plan ON containers(plan_id);

CREATE TRIGGER containers_touch_updated_at AFTER UPDATE ON containers
WHEN NEW.updated_at IS OLD.updated_at AND NEW.updated_at IS NOT unixepoch()
BEGIN
  UPDATE containers SET updated_at = unixepoch() WHERE id = NEW.id;
END;

-- The saga journal: each step is marked started before it touches the outside world and done after,
-- so a restarted process knows exactly what to finish or undo.
CREATE TABLE container_steps (
  container_id INTEGER NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
  saga TEXT NOT NULL,
  step TEXT NOT NULL,
  position INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('started', 'done', 'undone', 'failed')),
  data TEXT CHECK (data IS NULL OR json_valid(data)),
  error TEXT,
  updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
  PRIMARY KEY (container_id, saga, step)
) STRICT, WITHOUT ROWID;

ALTER TABLE node_server ADD COLUMN container_id INTEGER REFERENCES containers(id) ON DELETE SET NULL;
`,
}
