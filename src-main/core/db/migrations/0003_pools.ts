import type { Migration } from './migration'

// IPv4 addresses are stored as unsigned 32-bit integers ("slots"), like ports and VMIDs, so every pool is one
// integer range. Free space is kept as disjoint, non-adjacent intervals: a fresh /8 is one row, and the lowest
// free slot, the interval holding a slot and its neighbours are all primary-key seeks.
export const migration0003: Migration = {
  version: 3,
  name: 'pools',
  sql: `
CREATE TABLE pools (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ipv4', 'port', 'vmid')),
  name TEXT NOT NULL COLLATE NOCASE,
  first_slot INTEGER NOT NULL CHECK (first_slot >= 0),
  last_slot INTEGER NOT NULL CHECK (last_slot >= first_slot AND last_slot <= 4294967295),
  prefix_length INTEGER CHECK (prefix_length BETWEEN 0 AND 32),
  gateway TEXT,
  dns TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(dns) AND json_type(dns) = 'array'),
  reserved TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reserved) AND json_type(reserved) = 'array'),
  -- Kept by the triggers below, so usage of a huge pool does not count its allocations.
  allocated_count INTEGER NOT NULL DEFAULT 0 CHECK (allocated_count >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((kind = 'ipv4') = (prefix_length IS NOT NULL)),
  CHECK (kind = 'ipv4' OR (gateway IS NULL AND dns = '[]'))
) STRICT;
CREATE UNIQUE INDEX ux_pools_name ON pools(name);

CREATE TABLE pool_free_ranges (
  pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  range_start INTEGER NOT NULL,
  range_end INTEGER NOT NULL CHECK (range_end >= range_start),
  PRIMARY KEY (pool_id, range_start)
) STRICT, WITHOUT ROWID;

-- No ON DELETE: a pool that still has allocations cannot be deleted, even by hand.
CREATE TABLE pool_allocations (
  pool_id INTEGER NOT NULL REFERENCES pools(id),
  slot INTEGER NOT NULL,
  owner TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
  allocated_at INTEGER NOT NULL,
  PRIMARY KEY (pool_id, slot)
) STRICT, WITHOUT ROWID;
CREATE INDEX ix_pool_allocations_owner ON pool_allocations(owner);

CREATE TRIGGER pool_allocations_count_insert AFTER INSERT ON pool_allocations
BEGIN
  UPDATE pools SET allocated_count = allocated_count + 1 WHERE id = NEW.pool_id;
END;

CREATE TRIGGER pool_allocations_count_delete AFTER DELETE ON pool_allocations
BEGIN
  UPDATE pools SET allocated_count = allocated_count - 1 WHERE id = OLD.pool_id;
END;
`,
}
