/**
 * The authorization server's state. Tokens, codes and session ids are stored only as
 * SHA-256 digests. Rows refer to apps by consumer key and to users by their 18-character id
 * (both stable in the workspace file) without foreign keys, so re-loading the same workspace
 * keeps sessions and tokens valid. All times are virtual-clock milliseconds.
 */
export const migration002 = {
  version: 2,
  name: 'oauth',
  sql: `
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  alg TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  private_pem TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE browser_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE authorize_requests (
  id TEXT PRIMARY KEY,
  csrf TEXT NOT NULL,
  params TEXT NOT NULL,
  app_key TEXT NOT NULL,
  user_id TEXT,
  logged_in_at INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE consents (
  user_id TEXT NOT NULL,
  app_key TEXT NOT NULL,
  scopes TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, app_key)
);

CREATE TABLE grants (
  id TEXT PRIMARY KEY,
  app_key TEXT NOT NULL,
  user_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  flow TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  revoke_reason TEXT
);
CREATE INDEX grants_by_app_user ON grants (app_key, user_id);

CREATE TABLE auth_codes (
  code_hash TEXT PRIMARY KEY,
  app_key TEXT NOT NULL,
  user_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  scopes TEXT NOT NULL,
  code_challenge TEXT,
  code_challenge_method TEXT,
  nonce TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  grant_id TEXT
);

CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  app_key TEXT NOT NULL,
  user_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER,
  rotated_at INTEGER
);
CREATE INDEX refresh_tokens_by_grant ON refresh_tokens (grant_id);

CREATE TABLE access_tokens (
  token_hash TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  app_key TEXT NOT NULL,
  user_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  format TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX access_tokens_by_grant ON access_tokens (grant_id);

CREATE TABLE used_jtis (
  app_key TEXT NOT NULL,
  jti TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (app_key, jti)
);
`,
}
