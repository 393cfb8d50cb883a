import type { Migration } from './migration'

export const migration0002: Migration = {
  version: 2,
  name: 'sessions_and_audit',
  sql: `
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ip TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX ix_sessions_user_id ON sessions(user_id);
CREATE INDEX ix_sessions_expires_at ON sessions(expires_at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT,
  ip TEXT,
  target_type TEXT,
  target_id TEXT,
  detail TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;
CREATE INDEX ix_audit_log_ts ON audit_log(ts);
CREATE INDEX ix_audit_log_kind_ts ON audit_log(kind, ts);
CREATE INDEX ix_audit_log_actor_ts ON audit_log(actor, ts);
`,
}
