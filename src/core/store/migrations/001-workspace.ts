import type { Migration } from './types'

/**
 * The workspace: what a workspace file describes. Each row keeps the validated object as JSON
 * in `data` (export reads it back unchanged) plus the columns lookups need. `position` keeps
 * the order of the file's arrays. Other tables refer to users by id and to apps by consumer
 * key, the identifiers that stay the same when the same workspace is loaded again.
 */
export const migration001: Migration = {
  version: 1,
  name: 'workspace',
  sql: `
CREATE TABLE org (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  edition TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;

CREATE TABLE profiles (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  data TEXT NOT NULL
) STRICT;

CREATE TABLE permission_sets (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  data TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  profile TEXT NOT NULL REFERENCES profiles (name),
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  data TEXT NOT NULL
) STRICT;

CREATE TABLE apps (
  consumer_key TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  kind TEXT NOT NULL CHECK (kind IN ('connectedApp', 'externalClientApp')),
  data TEXT NOT NULL
) STRICT;

CREATE TABLE sobjects (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  position INTEGER NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL
) STRICT;

CREATE TABLE records (
  sobject TEXT NOT NULL REFERENCES sobjects (name),
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (sobject, id),
  UNIQUE (sobject, position)
) STRICT;

CREATE TABLE faults (
  position INTEGER PRIMARY KEY,
  data TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
}
