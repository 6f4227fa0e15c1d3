import type { Migration } from './types'

/**
 * The flow trace moves to its own database file (trace.db, see store/trace-database.ts),
 * written by the recorder's own thread. SQLite lets one connection write a file at a time:
 * sharing this file, the recorder's batches and the token endpoint's commits would wait on
 * each other, on the request path. Exchanges recorded here before are not carried over.
 */
export const migration007: Migration = {
  version: 7,
  name: 'trace-own-file',
  sql: `
DROP TABLE IF EXISTS trace_exchanges;
DROP TABLE IF EXISTS trace_flows;
`,
}
