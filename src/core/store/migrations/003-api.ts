import type { Migration } from './types'

/**
 * The REST API's own state. Records live in the workspace tables (001); what the API adds is
 * its request counts: one row per app and time bucket (virtual-clock ms at the bucket's
 * start), enough to rebuild the rolling 24-hour window after a restart.
 */
export const migration003: Migration = {
  version: 3,
  name: 'api',
  sql: `
CREATE TABLE api_usage (
  app_key TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (app_key, bucket)
) STRICT, WITHOUT ROWID;
`,
}
