import type { Migration } from './types'

/**
 * The flow trace: every exchange with the emulated org, and the flows that tie them
 * together. Ids are assigned by the recorder (one writer) so events can name a row before
 * its batch commits. Summary columns serve the list filters; everything else an exchange
 * shows is in `data` (JSON), written once and never updated. `size` is the row's payload in
 * bytes, summed for pruning by size. Times are virtual-clock milliseconds.
 *
 * trace_flows.grant_id has no index on purpose: grant ids are random, and keeping a random
 * index costs more per recorded flow than the rare lookup by grant (after a restart) saves.
 */
export const migration004: Migration = {
  version: 4,
  name: 'trace',
  sql: `
CREATE TABLE trace_exchanges (
  id INTEGER PRIMARY KEY,
  flow_id INTEGER,
  started_at INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  method TEXT NOT NULL,
  url TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  status INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  failed_step TEXT,
  app_key TEXT,
  app_name TEXT,
  user_id TEXT,
  username TEXT,
  grant_type TEXT,
  client_ip TEXT,
  fault TEXT,
  size INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX trace_exchanges_by_flow ON trace_exchanges (flow_id, id);

CREATE TABLE trace_flows (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  app_key TEXT,
  app_name TEXT,
  user_id TEXT,
  username TEXT,
  grant_id TEXT,
  status TEXT NOT NULL,
  failed_step TEXT,
  failed_exchange_id INTEGER,
  tokens_issued INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  exchange_count INTEGER NOT NULL,
  last_exchange_id INTEGER NOT NULL
);
`,
}
