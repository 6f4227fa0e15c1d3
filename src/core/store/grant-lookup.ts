import type { Database, Statement } from 'better-sqlite3'

/**
 * The one question the recorder's writer asks the main database: which grant a token (by
 * its SHA-256) belongs to. On the writer's thread this is a read-only connection of its own.
 */
export class GrantLookup {
  private readonly access: Statement
  private readonly refresh: Statement

  constructor(db: Database) {
    this.access = db.prepare('SELECT grant_id FROM access_tokens WHERE token_hash = ?').pluck()
    this.refresh = db.prepare('SELECT grant_id FROM refresh_tokens WHERE token_hash = ?').pluck()
  }

  grantOfToken(tokenHash: string): string | undefined {
    return (
      (this.access.get(tokenHash) as string | undefined) ??
      (this.refresh.get(tokenHash) as string | undefined)
    )
  }
}
