import type { Migration } from './migration'

const SHARED = ['idc_name', 'salamander', 'rent_ts', 'expire_ts', 'fee', 'port', 'sni', 'node_key', 'node_key_hash']
const differsFromNew = SHARED.map((c) => `${c} IS NOT NEW.${c}`).join(' OR ')
const changedByUpdate = SHARED.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')

export const migration0001: Migration = {
  version: 1,
  name: 'users_and_nodes',
  sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL COLLATE NOCASE,
  password_hash TEXT,
  login_password_md5 TEXT CHECK (login_password_md5 IS NULL OR length(login_password_md5) = 32),
  proxy_password TEXT NOT NULL,
  permission TEXT NOT NULL DEFAULT 'user' CHECK (permission IN ('admin', 'user')),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  proxy_expire_ts INTEGER,
  register_ts INTEGER NOT NULL DEFAULT (unixepoch()),
  last_login_ts INTEGER,
  register_ip TEXT,
  last_login_ip TEXT,
  sub_token TEXT NOT NULL,
  sub_token_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE UNIQUE INDEX ux_users_username ON users(username);
CREATE UNIQUE INDEX ux_users_sub_token_hash ON users(sub_token_hash);
CREATE INDEX ix_users_proxy_expire_ts ON users(proxy_expire_ts);
CREATE INDEX ix_users_last_login_ts ON users(last_login_ts);
CREATE INDEX ix_users_is_active ON users(is_active);
CREATE INDEX ix_users_permission ON users(permission);

-- Skipped when updated_at is already now: ends the chain even with recursive_triggers on.
CREATE TRIGGER users_touch_updated_at AFTER UPDATE ON users
WHEN NEW.updated_at IS OLD.updated_at AND NEW.updated_at IS NOT unixepoch()
BEGIN
  UPDATE users SET updated_at = unixepoch() WHERE id = NEW.id;
END;

CREATE TABLE node_server (
  id INTEGER PRIMARY KEY,
  ip_address TEXT NOT NULL,
  domain TEXT,
  server_group TEXT NOT NULL,
  idc_name TEXT,
  salamander TEXT,
  rent_ts INTEGER NOT NULL DEFAULT (unixepoch()),
  expire_ts INTEGER,
  fee REAL CHECK (fee IS NULL OR fee >= 0),
  port INTEGER NOT NULL DEFAULT 443 CHECK (port BETWEEN 1 AND 65535),
  sni TEXT,
  node_key TEXT NOT NULL,
  node_key_hash TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- A missing domain counts as '' so that two records with one IP and no domain collide.
CREATE UNIQUE INDEX ux_node_server_ip_domain ON node_server(ip_address, coalesce(domain, ''));
CREATE INDEX ix_node_server_server_group ON node_server(server_group);
CREATE INDEX ix_node_server_expire_ts ON node_server(expire_ts);
CREATE INDEX ix_node_server_is_active ON node_server(is_active);
CREATE INDEX ix_node_server_node_key_hash ON node_server(node_key_hash);
CREATE INDEX ix_node_server_domain ON node_server(domain);

CREATE TRIGGER node_server_touch_updated_at AFTER UPDATE ON node_server
WHEN NEW.updated_at IS OLD.updated_at AND NEW.updated_at IS NOT unixepoch()
BEGIN
  UPDATE node_server SET updated_at = unixepoch() WHERE id = NEW.id;
END;

-- A shared attribute changed on one record: copy it to the rest of the group. The guards fire only on a
-- real change and touch only records that still differ, so copies re-entering the trigger change nothing,
-- and a batch UPDATE of the whole group copies once instead of once per row.
CREATE TRIGGER node_server_propagate_shared
AFTER UPDATE OF ${SHARED.join(', ')} ON node_server
WHEN NEW.server_group IS OLD.server_group AND (${changedByUpdate})
BEGIN
  UPDATE node_server
  SET ${SHARED.map((c) => `${c} = NEW.${c}`).join(', ')}, updated_at = unixepoch()
  WHERE server_group = NEW.server_group AND id <> NEW.id AND (${differsFromNew});
END;

-- A record added to an existing group takes that group's shared attributes.
CREATE TRIGGER node_server_inherit_on_insert AFTER INSERT ON node_server
WHEN EXISTS (SELECT 1 FROM node_server WHERE server_group = NEW.server_group AND id <> NEW.id)
BEGIN
  UPDATE node_server
  SET (${SHARED.join(', ')}) = (
    SELECT ${SHARED.join(', ')} FROM node_server
    WHERE server_group = NEW.server_group AND id <> NEW.id ORDER BY id LIMIT 1
  )
  WHERE id = NEW.id;
END;

-- A record moved into an existing group takes the new group's shared attributes.
CREATE TRIGGER node_server_inherit_on_move AFTER UPDATE OF server_group ON node_server
WHEN NEW.server_group IS NOT OLD.server_group
  AND EXISTS (SELECT 1 FROM node_server WHERE server_group = NEW.server_group AND id <> NEW.id)
BEGIN
  UPDATE node_server
  SET (${SHARED.join(', ')}) = (
    SELECT ${SHARED.join(', ')} FROM node_server
    WHERE server_group = NEW.server_group AND id <> NEW.id ORDER BY id LIMIT 1
  )
  WHERE id = NEW.id;
END;
`,
}
