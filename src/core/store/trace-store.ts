import type { Database, Statement } from 'better-sqlite3'
import { searchNeedle, searchTextOf } from '../trace/search-text'
import { SearchGenerations, type SearchTable } from './search-generations'
import { expandSteps, type NewStepText } from '../trace/step-texts'

/** A row of trace_exchanges (see migrations/004-trace.ts). */
export interface TraceExchangeRow {
  id: number
  flow_id: number | null
  started_at: number
  duration_ms: number
  method: string
  url: string
  endpoint: string
  status: number
  outcome: string
  failed_step: string | null
  app_key: string | null
  app_name: string | null
  user_id: string | null
  username: string | null
  grant_type: string | null
  client_ip: string | null
  fault: string | null
  size: number
  data: string
  /**
   * The steps as encodeSteps wrote them. Stored compact (step-texts.ts) and expanded when
   * read; null for exchanges recorded before the column (their steps are in data).
   */
  steps: string | null
}

/** The summary columns: what lists need, without the (large) data and steps columns. */
export type TraceExchangeSummaryRow = Omit<TraceExchangeRow, 'data' | 'steps'>

/** A row of trace_flows. */
export interface TraceFlowRow {
  id: number
  kind: string
  app_key: string | null
  app_name: string | null
  user_id: string | null
  username: string | null
  grant_id: string | null
  status: string
  failed_step: string | null
  failed_exchange_id: number | null
  tokens_issued: number
  started_at: number
  ended_at: number
  exchange_count: number
  last_exchange_id: number
}

/** Filters of the exchange list; every one is optional and they combine with AND. */
export interface TraceExchangeQuery {
  /** Consumer key or app name (name without regard to case). */
  app?: string
  /** User id or username (without regard to case). */
  user?: string
  /** `ok`, `failed`, an HTTP status (`401`) or a class (`4xx`). */
  status?: string
  endpoint?: string
  flowId?: number
  /** Substring of the URL, a header, a body or the failing step (core/trace/search-text.ts). */
  text?: string
  /** Only exchanges older than this id (paging, newest first). */
  before?: number
  ids?: readonly number[]
  limit: number
}

export interface TraceFlowQuery {
  app?: string
  user?: string
  status?: string
  kind?: string
  before?: number
  limit: number
}

export interface PruneResult {
  exchanges: number
  bytes: number
  flows: number
}

const SUMMARY_COLUMNS =
  'id, flow_id, started_at, duration_ms, method, url, endpoint, status, outcome, failed_step, ' +
  'app_key, app_name, user_id, username, grant_type, client_ip, fault, size'

const FLOW_COLUMNS =
  'id, kind, app_key, app_name, user_id, username, grant_id, status, failed_step, ' +
  'failed_exchange_id, tokens_issued, started_at, ended_at, exchange_count, last_exchange_id'

const placeholders = (count: number) => Array(count).fill('?').join(', ')

const STATUS_CLASS = /^([1-5])xx$/i

/**
 * The recorder's statements. Writes come in batches (one transaction per batch: group
 * commit), so the request path never waits for SQLite. Lists are newest first and paged by
 * id. Queries with filters are built from fixed fragments and cached per shape.
 */
export class TraceStore {
  private readonly s: Record<string, Statement>
  private readonly shaped = new Map<string, Statement>()
  /** The text search's index (two FTS5 tables). */
  private readonly search: SearchGenerations
  private readonly writeBatchTx: (
    exchanges: TraceExchangeRow[],
    flows: TraceFlowRow[],
    newFlowsAbove: number,
    stepTexts: readonly NewStepText[],
  ) => void
  /** Step texts read so far: one cache per connection (see stepTextCache). */
  private readonly cache: StepTextCache
  private readonly textOf = (id: number): string | undefined => {
    const texts = this.cache.texts
    let text = texts.get(id)
    if (text === undefined) {
      text = this.s.stepText!.get(id) as string | undefined
      if (text !== undefined) texts.set(id, text)
    }
    return text
  }

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.search = new SearchGenerations(db)
    this.s = {
      // Positional parameters: binding 19 named ones from an object costs a lookup each.
      insertExchange: p(
        `INSERT INTO trace_exchanges (${SUMMARY_COLUMNS}, data, steps) VALUES (${placeholders(20)})`,
      ),
      insertStepText: p('INSERT INTO trace_step_texts (id, text) VALUES (?, ?)'),
      stepText: p('SELECT text FROM trace_step_texts WHERE id = ?').pluck(),
      allStepTexts: p('SELECT id, text FROM trace_step_texts'),
      stepTextsAfter: p('SELECT id, text FROM trace_step_texts WHERE id > ? ORDER BY id'),
      indexedThrough: p('SELECT indexed_through FROM trace_search_state WHERE id = 1').pluck(),
      unindexed: p(
        'SELECT id, url, data, steps FROM trace_exchanges WHERE id > ? ORDER BY id LIMIT ?',
      ),
      unindexedCount: p('SELECT COUNT(*) FROM trace_exchanges WHERE id > ?').pluck(),
      // New flows are inserted, known ones updated: an upsert costs both paths' work.
      insertFlow: p(`INSERT INTO trace_flows (${FLOW_COLUMNS}) VALUES (${placeholders(15)})`),
      // The same values in the same order as insertFlow, the id last.
      updateFlow: p(
        `UPDATE trace_flows SET ${FLOW_COLUMNS.split(', ')
          .slice(1)
          .map((column) => `${column} = ?`)
          .join(', ')} WHERE id = ?`,
      ),
      maxExchangeId: p('SELECT COALESCE(MAX(id), 0) FROM trace_exchanges').pluck(),
      minExchangeId: p('SELECT MIN(id) FROM trace_exchanges').pluck(),
      maxFlowId: p('SELECT COALESCE(MAX(id), 0) FROM trace_flows').pluck(),
      totals: p('SELECT COUNT(*) AS count, COALESCE(SUM(size), 0) AS bytes FROM trace_exchanges'),
      flowCount: p('SELECT COUNT(*) FROM trace_flows').pluck(),
      exchange: p('SELECT * FROM trace_exchanges WHERE id = ?'),
      // The id range keeps this to the few rows written since the caller looked.
      newerHolding: p(
        "SELECT * FROM trace_exchanges WHERE id > ? AND data LIKE ? ESCAPE '\\' ORDER BY id LIMIT 1",
      ),
      allNewerHolding: p(
        "SELECT * FROM trace_exchanges WHERE id > ? AND data LIKE ? ESCAPE '\\' ORDER BY id LIMIT 50",
      ),
      newerAt: p(
        'SELECT * FROM trace_exchanges WHERE id > ? AND method = ? AND url = ? ORDER BY id LIMIT 1',
      ),
      flow: p('SELECT * FROM trace_flows WHERE id = ?'),
      flowByGrant: p('SELECT * FROM trace_flows WHERE grant_id = ? ORDER BY id DESC LIMIT 1'),
      exchangesOfFlow: p(
        `SELECT ${SUMMARY_COLUMNS} FROM trace_exchanges WHERE flow_id = ? ORDER BY id`,
      ),
      fullExchangesOfFlow: p('SELECT * FROM trace_exchanges WHERE flow_id = ? ORDER BY id'),
      // Pruning finds where to cut in SQL: stepping a JavaScript iterator over the rows cost
      // about 2–7 µs a row, more than deleting them (under a REST load, a sixth of the writer).
      nthOldestId: p('SELECT id FROM trace_exchanges ORDER BY id LIMIT 1 OFFSET ?').pluck(),
      bytesUpTo: p('SELECT COALESCE(SUM(size), 0) FROM trace_exchanges WHERE id <= ?').pluck(),
      oldestAfter: p('SELECT id, size FROM trace_exchanges WHERE id > ? ORDER BY id LIMIT ?').raw(),
      deleteUpTo: p('DELETE FROM trace_exchanges WHERE id <= ?'),
      deleteOrphanFlows: p(
        'DELETE FROM trace_flows WHERE last_exchange_id < (SELECT COALESCE(MIN(id), 9e18) FROM trace_exchanges)',
      ),
      clearExchanges: p('DELETE FROM trace_exchanges'),
      clearFlows: p('DELETE FROM trace_flows'),
    }
    // The text search reads the steps of exchanges the index does not hold yet (`needle` is
    // in lower case).
    // in lower case). A function cannot query its own connection, so it reads the texts from
    // memory (loadStepTexts) and notes one it does not have yet.
    this.cache = stepTextCache(db)
    const cache = this.cache
    const textInMemory = (id: number): string => {
      const known = cache.texts.get(id)
      if (known === undefined) cache.missed = true
      return known ?? ''
    }
    db.function(
      'trace_text_holds',
      { deterministic: true },
      (url: unknown, data: unknown, steps: unknown, needle: unknown) => {
        if (typeof url !== 'string' || typeof data !== 'string' || typeof needle !== 'string') {
          return 0
        }
        const expanded = typeof steps === 'string' ? expandSteps(steps, textInMemory) : null
        return searchTextOf(url, data, expanded).toLowerCase().includes(needle) ? 1 : 0
      },
    )
    this.writeBatchTx = db.transaction((exchanges, flows, newFlowsAbove, stepTexts) => {
      // The texts first: an exchange of this batch may refer to them.
      for (const { id, text } of stepTexts) this.s.insertStepText!.run(id, text)
      const insert = this.s.insertExchange!
      for (const r of exchanges) {
        insert.run(
          r.id,
          r.flow_id,
          r.started_at,
          r.duration_ms,
          r.method,
          r.url,
          r.endpoint,
          r.status,
          r.outcome,
          r.failed_step,
          r.app_key,
          r.app_name,
          r.user_id,
          r.username,
          r.grant_type,
          r.client_ip,
          r.fault,
          r.size,
          r.data,
          r.steps,
        )
      }
      for (const f of flows) {
        const values = [
          f.kind,
          f.app_key,
          f.app_name,
          f.user_id,
          f.username,
          f.grant_id,
          f.status,
          f.failed_step,
          f.failed_exchange_id,
          f.tokens_issued,
          f.started_at,
          f.ended_at,
          f.exchange_count,
          f.last_exchange_id,
        ]
        if (f.id > newFlowsAbove) this.s.insertFlow!.run(f.id, ...values)
        else this.s.updateFlow!.run(...values, f.id)
      }
    })
  }

  /**
   * Writes one batch of exchanges and the flows they changed, in one transaction. Flows with
   * an id above `newFlowsAbove` are new (the writer hands out flow ids in order).
   */
  writeBatch(
    exchanges: TraceExchangeRow[],
    flows: TraceFlowRow[],
    newFlowsAbove: number,
    stepTexts: readonly NewStepText[] = [],
  ): void {
    this.writeBatchTx(exchanges, flows, newFlowsAbove, stepTexts)
  }

  /** Every stored step text (the writer reads them once, as it starts). */
  allStepTexts(): NewStepText[] {
    return this.s.allStepTexts!.all() as NewStepText[]
  }

  /** The newest exchange id the search index holds (every older one is in it). */
  indexedThrough(): number {
    return this.s.indexedThrough!.get() as number
  }

  /** How many exchanges the search index does not hold yet. */
  unindexedCount(): number {
    return this.s.unindexedCount!.get(this.indexedThrough()) as number
  }

  /** Adds up to `limit` of the exchanges not yet in the search index; returns how many. */
  indexNext(limit: number): number {
    return this.indexWhile(limit, () => false).added
  }

  /**
   * Adds the exchanges not yet in the search index, oldest first, `chunk` at a time while
   * `more()` says so, all in one transaction: FTS5 writes a new segment of its index at each
   * commit, and merging many small segments cost more than the indexing itself.
   */
  indexWhile(chunk: number, more: () => boolean): { added: number; caughtUp: boolean } {
    return this.db.transaction(() => {
      const { through, current } = this.search.state()
      let after = through
      let added = 0
      let caughtUp = false
      for (;;) {
        const rows = this.s.unindexed!.all(after, chunk) as Array<
          Pick<TraceExchangeRow, 'id' | 'url' | 'data' | 'steps'>
        >
        for (const row of rows) this.search.insert(current, row.id, this.searchTextOf(row))
        added += rows.length
        if (rows.length > 0) after = rows.at(-1)!.id
        if (rows.length < chunk) {
          caughtUp = true
          break
        }
        if (!more()) break
      }
      if (added > 0) this.search.setThrough(after)
      return { added, caughtUp }
    })()
  }

  /**
   * Empties the older generation of the search index once all of its exchanges are pruned,
   * and makes it the current one (search-generations.ts); returns whether it did.
   */
  rotateIndex(): boolean {
    return this.db.transaction(() => this.search.rotate())()
  }

  maxIds(): { exchange: number; flow: number } {
    return {
      exchange: this.s.maxExchangeId!.get() as number,
      flow: this.s.maxFlowId!.get() as number,
    }
  }

  /** The oldest exchange still kept, or undefined when there is none. */
  minExchangeId(): number | undefined {
    return (this.s.minExchangeId!.get() as number | null) ?? undefined
  }

  totals(): { count: number; bytes: number } {
    return this.s.totals!.get() as { count: number; bytes: number }
  }

  flowCount(): number {
    return this.s.flowCount!.get() as number
  }

  exchange(id: number): TraceExchangeRow | undefined {
    return this.expanded(this.s.exchange!.get(id) as TraceExchangeRow | undefined)
  }

  /**
   * The first exchange after `afterId` whose recorded data holds `text` (the runner finds its
   * own request by the marker in its User-Agent), else the first to `method` `url`.
   */
  findNewer(
    afterId: number,
    text: string | null,
    method: string,
    url: string,
  ): TraceExchangeRow | undefined {
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      const row = this.s.newerHolding!.get(afterId, pattern) as TraceExchangeRow | undefined
      if (row) return this.expanded(row)
    }
    return this.expanded(this.s.newerAt!.get(afterId, method, url) as TraceExchangeRow | undefined)
  }

  /** Up to 50 exchanges after `afterId` whose recorded data holds `text`, oldest first. */
  newerHolding(afterId: number, text: string): TraceExchangeRow[] {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return this.allExpanded(this.s.allNewerHolding!.all(afterId, pattern) as TraceExchangeRow[])
  }

  flow(id: number): TraceFlowRow | undefined {
    return this.s.flow!.get(id) as TraceFlowRow | undefined
  }

  /** The latest flow that recorded this grant (a scan, newest first: see migration 004). */
  flowByGrant(grantId: string): TraceFlowRow | undefined {
    return this.s.flowByGrant!.get(grantId) as TraceFlowRow | undefined
  }

  exchangesOfFlow(flowId: number): TraceExchangeSummaryRow[] {
    return this.s.exchangesOfFlow!.all(flowId) as TraceExchangeSummaryRow[]
  }

  fullExchangesOfFlow(flowId: number): TraceExchangeRow[] {
    return this.allExpanded(this.s.fullExchangesOfFlow!.all(flowId) as TraceExchangeRow[])
  }

  listExchanges(query: TraceExchangeQuery): TraceExchangeSummaryRow[] {
    return this.exchangeQuery(query, SUMMARY_COLUMNS)
  }

  /** Like listExchanges, with the data column (for exports). */
  listFullExchanges(query: TraceExchangeQuery): TraceExchangeRow[] {
    return this.allExpanded(this.exchangeQuery(query, '*') as TraceExchangeRow[])
  }

  listFlows(query: TraceFlowQuery): TraceFlowRow[] {
    const where: string[] = []
    const args: Record<string, unknown> = { limit: query.limit }
    filterByAppAndUser(query, where, args)
    if (query.status !== undefined) {
      where.push('status = @status')
      args.status = query.status
    }
    if (query.kind !== undefined) {
      where.push('kind = @kind')
      args.kind = query.kind
    }
    if (query.before !== undefined) {
      where.push('id < @before')
      args.before = query.before
    }
    const sql = `SELECT * FROM trace_flows${whereClause(where)} ORDER BY id DESC LIMIT @limit`
    return this.statement(sql).all(args) as TraceFlowRow[]
  }

  /**
   * Deletes the oldest exchanges until at most `maxCount` rows and `maxBytes` bytes remain,
   * then the flows none of whose exchanges are left.
   */
  prune(
    current: { count: number; bytes: number },
    maxCount: number,
    maxBytes: number,
  ): PruneResult {
    const excessCount = Math.max(0, current.count - maxCount)
    const excessBytes = Math.max(0, current.bytes - maxBytes)
    if (excessCount === 0 && excessBytes === 0) return { exchanges: 0, bytes: 0, flows: 0 }
    return this.db.transaction((): PruneResult => {
      // The count decides a first cut; the bytes up to it are summed, and when they are not
      // enough (large bodies) the cut moves on, a chunk of rows at a time (as it does when
      // the table holds fewer rows than the totals say).
      let exchanges = 0
      let bytes = 0
      let lastId = 0
      if (excessCount > 0) {
        const id = this.s.nthOldestId!.get(excessCount - 1) as number | undefined
        if (id !== undefined) {
          lastId = id
          exchanges = excessCount
          bytes = this.s.bytesUpTo!.get(id) as number
        }
      }
      while (exchanges < excessCount || bytes < excessBytes) {
        const rows = this.s.oldestAfter!.all(lastId, PRUNE_WALK_CHUNK) as Array<[number, number]>
        for (const [id, size] of rows) {
          if (exchanges >= excessCount && bytes >= excessBytes) break
          exchanges += 1
          bytes += size
          lastId = id
        }
        if (rows.length < PRUNE_WALK_CHUNK) break
      }
      if (lastId === 0) return { exchanges: 0, bytes: 0, flows: 0 }
      this.s.deleteUpTo!.run(lastId)
      const flows = this.s.deleteOrphanFlows!.run().changes
      return { exchanges, bytes, flows }
    })()
  }

  clear(): void {
    this.db.transaction(() => {
      this.s.clearExchanges!.run()
      this.s.clearFlows!.run()
      // Exchange ids start again at 1. The step texts stay: ids there are never reused.
      this.search.clear()
    })()
  }

  /** The steps as encodeSteps wrote them, the stored texts put back. */
  private expanded<T extends TraceExchangeRow | undefined>(row: T): T {
    if (row?.steps) row.steps = expandSteps(row.steps, this.textOf)
    return row
  }

  private allExpanded(rows: TraceExchangeRow[]): TraceExchangeRow[] {
    for (const row of rows) this.expanded(row)
    return rows
  }

  /**
   * Runs a query that calls trace_text_holds with every step text in memory; when a text was
   * written between loading and querying, loads again and reruns.
   */
  private withStepTexts<T>(query: () => T): T {
    for (let attempt = 1; ; attempt++) {
      const cache = this.cache
      for (const { id, text } of this.s.stepTextsAfter!.all(cache.loaded) as NewStepText[]) {
        cache.texts.set(id, text)
        cache.loaded = id
      }
      cache.missed = false
      const result = query()
      // A text still missing after a reload is not in the database at all.
      if (!cache.missed || attempt === 2) return result
    }
  }

  /** What the search index keeps of an exchange: what `text=` has always searched. */
  private searchTextOf(row: Pick<TraceExchangeRow, 'url' | 'data' | 'steps'>): string {
    const steps = row.steps === null ? null : expandSteps(row.steps, this.textOf)
    return searchTextOf(row.url, row.data, steps)
  }

  private exchangeQuery(query: TraceExchangeQuery, columns: string): TraceExchangeSummaryRow[] {
    const where: string[] = []
    const args: Record<string, unknown> = { limit: query.limit }
    filterByAppAndUser(query, where, args)
    if (query.status !== undefined) {
      const status = query.status
      const klass = STATUS_CLASS.exec(status)
      if (status === 'ok' || status === 'failed') {
        where.push('outcome = @status')
        args.status = status
      } else if (klass) {
        where.push('status >= @statusLow AND status < @statusHigh')
        args.statusLow = Number(klass[1]) * 100
        args.statusHigh = Number(klass[1]) * 100 + 100
      } else {
        where.push('status = @status')
        args.status = Number(status)
      }
    }
    if (query.endpoint !== undefined) {
      where.push('endpoint = @endpoint')
      args.endpoint = query.endpoint
    }
    if (query.flowId !== undefined) {
      where.push('flow_id = @flowId')
      args.flowId = query.flowId
    }
    if (query.before !== undefined) {
      where.push('id < @before')
      args.before = query.before
    }
    if (query.ids !== undefined) {
      // ids are integers validated by the caller; a JSON array keeps the statement shape fixed.
      where.push('id IN (SELECT value FROM json_each(@ids))')
      args.ids = JSON.stringify(query.ids)
    }
    if (query.text === undefined) {
      const sql = `SELECT ${columns} FROM trace_exchanges${whereClause(where)} ORDER BY id DESC LIMIT @limit`
      return this.statement(sql).all(args) as TraceExchangeSummaryRow[]
    }
    return this.textQuery(query.text, where, args, columns)
  }

  /**
   * The text search: a case-insensitive substring of what search-text.ts says an exchange is
   * found by (URL, headers, bodies, the failing step; JWTs without their signatures). The
   * trigram index answers for the exchanges it holds; those recorded since it was last brought
   * up to date (search-indexer.ts) are read. Under three characters the index cannot help: the stored
   * URL and data are scanned with LIKE.
   */
  private textQuery(
    typed: string,
    where: string[],
    args: Record<string, unknown>,
    columns: string,
  ): TraceExchangeSummaryRow[] {
    const limit = args.limit as number
    // A pasted JWT is looked for without its signature, as the exchanges are (search-text.ts).
    const text = searchNeedle(typed)
    // LIKE is case-insensitive for ASCII; the pattern's own wildcards are escaped.
    const short = [...text].length < TRIGRAM
    const index = short ? null : this.search.state()
    const through = index?.through ?? 0
    const read = [...where]
    const readArgs: Record<string, unknown> = { ...args }
    if (short) {
      // One or two characters match nearly every exchange: LIKE over the stored text finds
      // them fastest (case-insensitive for ASCII; the pattern's own wildcards escaped).
      read.push("(url LIKE @like ESCAPE '\\' OR data LIKE @like ESCAPE '\\')")
      readArgs.like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    } else {
      read.push('id > @through', 'trace_text_holds(url, data, steps, @needle)')
      readArgs.through = through
      readArgs.needle = text.toLowerCase()
    }
    const newest = this.withStepTexts(
      () =>
        this.statement(
          `SELECT ${columns} FROM trace_exchanges${whereClause(read)} ORDER BY id DESC LIMIT @limit`,
        ).all(readArgs) as TraceExchangeSummaryRow[],
    )
    if (!index || newest.length >= limit || through === 0) return newest
    // The index drives, newest match first, and stops at the limit: a search that matches
    // nothing, or many, reads only what it answers. The current generation holds the newer
    // exchanges, so it is asked first.
    const found = [...newest]
    const generations: Array<[SearchTable, number, number]> = [
      [index.current, index.olderThrough, through],
      [index.older, 0, index.olderThrough],
    ]
    for (const [table, above, upTo] of generations) {
      if (found.length >= limit || upTo <= above) continue
      const rows = this.statement(
        `SELECT ${columns === '*' ? 'trace_exchanges.*' : columns} FROM ${table} ` +
          `CROSS JOIN trace_exchanges ON trace_exchanges.id = ${table}.rowid` +
          whereClause([
            ...where,
            `${table} MATCH @match`,
            `${table}.rowid > @above`,
            `${table}.rowid <= @upTo`,
          ]) +
          ` ORDER BY ${table}.rowid DESC LIMIT @limit`,
      ).all({
        ...args,
        limit: limit - found.length,
        match: `"${text.replace(/"/g, '""')}"`,
        above,
        upTo,
      }) as TraceExchangeSummaryRow[]
      found.push(...rows)
    }
    return found
  }

  private statement(sql: string): Statement {
    let statement = this.shaped.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.shaped.set(sql, statement)
    }
    return statement
  }
}

/**
 * Step texts as read, by id. They never change once written, and a connection may serve
 * several stores (the engine's reads and, on its thread, the writer), while the SQL function
 * that reads them is one per connection: so the cache is per connection too.
 */
interface StepTextCache {
  texts: Map<number, string>
  /** Every text up to this id is in `texts`. */
  loaded: number
  /** trace_steps_hold met a text `texts` does not have. */
  missed: boolean
}

const stepTextCaches = new WeakMap<Database, StepTextCache>()

function stepTextCache(db: Database): StepTextCache {
  let cache = stepTextCaches.get(db)
  if (!cache) {
    cache = { texts: new Map(), loaded: 0, missed: false }
    stepTextCaches.set(db, cache)
  }
  return cache
}

/** The trigram tokenizer indexes runs of three characters: shorter text has nothing to look up. */
const TRIGRAM = 3
/** Rows read at a time when pruning by bytes goes past the cut the count made. */
const PRUNE_WALK_CHUNK = 256

function whereClause(conditions: string[]): string {
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''
}

/** Exchanges and flows are both filtered by app (key or name) and user (id or username). */
function filterByAppAndUser(
  query: { app?: string; user?: string },
  where: string[],
  args: Record<string, unknown>,
): void {
  if (query.app !== undefined) {
    where.push('(app_key = @app OR lower(app_name) = lower(@app))')
    args.app = query.app
  }
  if (query.user !== undefined) {
    where.push('(user_id = @user OR lower(username) = lower(@user))')
    args.user = query.user
  }
}
