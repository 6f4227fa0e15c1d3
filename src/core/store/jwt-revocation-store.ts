import type { Database, Statement } from 'better-sqlite3'

/**
 * JWT access tokens are verified by signature and never stored; what revocation needs is
 * kept here instead: the `jti` of each token revoked on its own, until it would have expired
 * anyway. (A token revoked with its grant is caught by the grant's own revoked_at.)
 */
export class JwtRevocationStore {
  private readonly s: Record<string, Statement>

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      prune: p('DELETE FROM revoked_jwt_access_tokens WHERE expires_at < ?'),
      insert: p(
        'INSERT OR IGNORE INTO revoked_jwt_access_tokens (jti, grant_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)',
      ),
      find: p('SELECT revoked_at FROM revoked_jwt_access_tokens WHERE jti = ?'),
    }
  }

  revoke(jti: string, grantId: string, expiresAt: number, now: number): void {
    this.db.transaction(() => {
      this.s.prune!.run(now)
      this.s.insert!.run(jti, grantId, expiresAt, now)
    })()
  }

  /** When the token with this jti was revoked, or null. */
  revokedAt(jti: string): number | null {
    return (this.s.find!.get(jti) as { revoked_at: number } | undefined)?.revoked_at ?? null
  }
}
