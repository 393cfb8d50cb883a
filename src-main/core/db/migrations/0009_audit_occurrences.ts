import type { Migration } from './migration'

// Proxy-auth refusals arrive by the thousand a second under a flood or a misconfigured client; identical ones
// within a short window become one row that says how often it happened (core/audit/auditLog.ts recordRepeated).
// Every other entry is one event, so the default keeps them as they were.
export const migration0009: Migration = {
  version: 9,
  name: 'audit_occurrences',
  sql: `
ALTER TABLE audit_log ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1);
`,
}
