import { newSalesforceId } from '../../salesforce/ids'
import type { Clock } from '../../policy/clock'
import type { ApiRecord } from '../records/record'
import type { ResolvedQuery } from '../soql/resolve'

/**
 * Query locators: what `nextRecordsUrl` points at. A cursor keeps the query's matches as
 * they were when it ran (records are immutable, so later writes do not change a page), for
 * the user who ran it. Like Salesforce's, a cursor lapses after 15 minutes without use
 * (virtual clock); the oldest are dropped past a fixed number, so memory stays bounded.
 */

export const CURSOR_IDLE_MS = 15 * 60 * 1000
const MAX_CURSORS = 200

export interface Cursor {
  id: string
  userId: string
  query: ResolvedQuery
  records: readonly ApiRecord[]
  batchSize: number
  expiresAt: number
}

export class CursorStore {
  // Map iteration order is insertion order: the first entry is the least recently used.
  private readonly cursors = new Map<string, Cursor>()

  constructor(private readonly clock: Clock) {}

  open(input: Omit<Cursor, 'id' | 'expiresAt'>): Cursor {
    this.sweep()
    if (this.cursors.size >= MAX_CURSORS) {
      this.cursors.delete(this.cursors.keys().next().value!)
    }
    const cursor = {
      ...input,
      id: newSalesforceId('01g'),
      expiresAt: this.clock.now() + CURSOR_IDLE_MS,
    }
    this.cursors.set(cursor.id, cursor)
    return cursor
  }

  /** The user's live cursor with this id (its idle time restarts), or undefined. */
  use(id: string, userId: string): Cursor | undefined {
    const cursor = this.cursors.get(id)
    if (!cursor || cursor.userId !== userId) return undefined
    const now = this.clock.now()
    if (cursor.expiresAt <= now) {
      this.cursors.delete(id)
      return undefined
    }
    this.cursors.delete(id)
    cursor.expiresAt = now + CURSOR_IDLE_MS
    this.cursors.set(id, cursor)
    return cursor
  }

  close(id: string): void {
    this.cursors.delete(id)
  }

  private sweep(): void {
    const now = this.clock.now()
    for (const [id, cursor] of this.cursors) if (cursor.expiresAt <= now) this.cursors.delete(id)
  }
}

const LOCATOR = /^(01g[0-9A-Za-z]{15})-(\d{1,9})$/

/** `01gxx…-2000` → cursor id and row offset; null when it is not a locator. */
export function parseLocator(text: string): { id: string; offset: number } | null {
  const m = LOCATOR.exec(text)
  return m ? { id: m[1]!, offset: Number(m[2]) } : null
}

export const locatorUrl = (version: string, id: string, offset: number): string =>
  `/services/data/v${version}/query/${id}-${offset}`
