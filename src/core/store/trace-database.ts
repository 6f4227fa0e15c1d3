import type { Database } from 'better-sqlite3'
import { openDatabase, restrictSidecars } from './database'
import { runMigrations } from './migrate'
import { migration004 } from './migrations/004-trace'
import type { Migration } from './migrations'

/**
 * The flow trace's schema, in its own file. Version 1 is the schema the trace had in the
 * main database (migration 004), unchanged. Version 2 makes the row compact and searchable:
 * the steps get a column of their own in which recurring step texts are references to
 * trace_step_texts (core/trace/step-texts.ts), and a trigram index serves the text search.
 * Version 3 keeps that index in two generations and makes it cheaper to build. Version 4 adds
 * the batches the writer sets aside under load, to build in the next pause (writer.ts).
 */
export const TRACE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'trace', sql: migration004.sql },
  {
    version: 2,
    name: 'trace-compact-and-search',
    sql: `
ALTER TABLE trace_exchanges ADD COLUMN steps TEXT;
CREATE TABLE trace_step_texts (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL
);
-- It indexes what a search finds an exchange by (core/trace/search-text.ts): the URL, the
-- headers, the bodies and the failing step.
-- Contentless: the text is in trace_exchanges. Pruning does not delete from it (a delete
-- from a contentless index costs about half a millisecond a row); searches join it with
-- trace_exchanges, which drops what was pruned, and it is emptied and built again once it
-- holds more pruned rows than live ones (TraceStore.dropStaleIndex).
CREATE VIRTUAL TABLE trace_search USING fts5(text, content = '', tokenize = 'trigram');
-- The index is built when the recorder is idle (search-indexer.ts): exchanges up to
-- indexed_through are in it, newer ones are searched by reading them. indexed_rows counts
-- its entries, pruned ones included.
CREATE TABLE trace_search_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL,
  indexed_rows INTEGER NOT NULL
);
INSERT INTO trace_search_state (id, indexed_through, indexed_rows) VALUES (1, 0, 0);
`,
  },
  {
    version: 3,
    name: 'trace-search-generations',
    sql: `
-- The index in two generations (core/store/search-generations.ts): new exchanges go into the
-- current table, and the older one is emptied in one step once all of its exchanges are
-- pruned, so no kept exchange is indexed twice. The existing index is the current one.
-- indexed_rows is no longer kept.
CREATE VIRTUAL TABLE trace_search_b USING fts5(text, content = '', tokenize = 'trigram');
ALTER TABLE trace_search_state ADD COLUMN older_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trace_search_state ADD COLUMN current_table INTEGER NOT NULL DEFAULT 0;
-- FTS5 merges the segments of an index four at a time by default, and with a trigram index
-- (every three characters of an exchange a term) the merging cost more than the indexing:
-- under a REST load, 111 µs an exchange indexed. Eight at a time: 66 µs. A search reads a few
-- more segments, which it does not measurably notice. The setting is kept in each index's
-- own config table, through 'delete-all' too.
INSERT INTO trace_search (trace_search, rank) VALUES ('automerge', 8);
INSERT INTO trace_search_b (trace_search_b, rank) VALUES ('automerge', 8);
`,
  },
  {
    version: 4,
    name: 'trace-pending-batches',
    sql: `
-- Batches of encoded exchanges (core/trace/batch-codec.ts) received under load and not yet
-- built into rows. Each is deleted in the transaction that writes its rows, so a crash
-- loses none: the writer builds what is left when it starts again.
CREATE TABLE trace_pending (
  id INTEGER PRIMARY KEY,
  exchanges INTEGER NOT NULL,
  batch TEXT NOT NULL
);
`,
  },
]

/**
 * An exchange row is about 4 KB (headers, bodies, steps): with SQLite's default 4 KiB pages
 * each takes a page of its own, or spills into an overflow page. 16 KiB pages hold several,
 * so a batch writes (and checkpoints) far fewer pages.
 */
const TRACE_PAGE_SIZE = 16_384

/**
 * Opens (creating if needed) the trace database: owner-only, WAL, checked, migrated. Its one
 * writer is the recorder's writer; the engine reads it through a connection of its own.
 */
export function openTraceDatabase(file: string): Database {
  const db = openDatabase(file, { pageSize: TRACE_PAGE_SIZE })
  try {
    runMigrations(db, TRACE_MIGRATIONS)
  } catch (error) {
    db.close()
    throw error
  }
  if (file !== ':memory:') restrictSidecars(file)
  return db
}
