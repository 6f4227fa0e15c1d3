import type { Migration } from './types'

/**
 * The policy engine's own state. Times are virtual-clock milliseconds.
 *
 * fault_state: how often each fault rule fired and, for rules limited to the next N matches,
 * how many remain. Keyed by the rule's id and a digest of its definition, so editing a rule
 * arms it afresh while reloading an unchanged workspace keeps its count. The decrement is a
 * guarded UPDATE, so concurrent requests can never fire a rule more than N times.

 * (The per-user login rate is counted in memory: see policy/login-rate.ts.)
 */
export const migration005: Migration = {
  version: 5,
  name: 'policy',
  sql: `
CREATE TABLE fault_state (
  rule_key TEXT PRIMARY KEY,
  fired INTEGER NOT NULL DEFAULT 0,
  remaining INTEGER,
  last_fired_at INTEGER
) STRICT;
`,
}
