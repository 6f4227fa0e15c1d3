import type { Migration } from './types'

/**
 * The flow runner's runs (core/runner). A run is one document — its flow, app, user, options
 * and steps with what was sent and answered — rewritten whole after each step: a run has at
 * most a few dozen steps, and a person drives it, so there is no hot path to optimise. Times
 * are wall-clock milliseconds (when the person did it), unlike the trace's virtual clock.
 */
export const migration008: Migration = {
  version: 8,
  name: 'runs',
  sql: `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
`,
}
