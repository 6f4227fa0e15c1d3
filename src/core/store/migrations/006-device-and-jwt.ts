import type { Migration } from './types'

/**
 * The device flow and JWT access tokens (authorization server, part 2). Device and user codes
 * are stored only as SHA-256 digests, like every other code and token. JWT access tokens are
 * not stored at all (one row per token would cost a write per request, see DESIGN.md's
 * performance notes): only the ids of the ones revoked one by one are kept, until they expire.
 * All times are virtual-clock milliseconds.
 */
export const migration006: Migration = {
  version: 6,
  name: 'device-and-jwt',
  sql: `
CREATE TABLE device_codes (
  device_code_hash TEXT PRIMARY KEY,
  user_code_hash TEXT NOT NULL UNIQUE,
  app_key TEXT NOT NULL,
  scopes TEXT NOT NULL,
  shape TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  interval_seconds INTEGER NOT NULL,
  last_polled_at INTEGER,
  status TEXT NOT NULL DEFAULT 'pending',
  user_id TEXT,
  decided_at INTEGER,
  redeemed_at INTEGER
);
CREATE INDEX device_codes_by_expiry ON device_codes (expires_at);

CREATE TABLE device_connect_requests (
  id TEXT PRIMARY KEY,
  csrf TEXT NOT NULL,
  user_code TEXT,
  user_id TEXT,
  logged_in_at INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE device_code_attempts (
  session_hash TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_failed_at INTEGER NOT NULL,
  locked_until INTEGER
);

CREATE TABLE revoked_jwt_access_tokens (
  jti TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL
);
`,
}
