import type { Migration } from './types'

/**
 * The workspace's breakpoints (README "Breakpoints"), one row per rule in workspace order,
 * stored as the workspace file writes them — like the fault rules of migration 001. How often
 * each breakpoint fired, and how many of its `times` remain, is kept in fault_state
 * (migration 005) under keys starting with `breakpoint:`, so it is counted by the same
 * guarded UPDATE. Paused exchanges themselves live in memory only: they are released when
 * the server stops.
 */
export const migration009: Migration = {
  version: 9,
  name: 'breakpoints',
  sql: `
CREATE TABLE breakpoints (
  position INTEGER PRIMARY KEY,
  data TEXT NOT NULL
) STRICT;
`,
}
