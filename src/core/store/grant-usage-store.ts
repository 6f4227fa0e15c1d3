import type { Database, Statement } from 'better-sqlite3'

/**
 * OAuth usage (README "OAuth usage"): every grant, refresh token and access token of one
 * user with one app summed up as that user's authorization of the app — what Salesforce's
 * "Connected Apps OAuth Usage" page and a user's "OAuth Connected Apps" list show — and its
 * revocation: every grant, token and the consent of the pair, in one transaction.
 */

export interface AuthorizationRow {
  app_key: string
  user_id: string
  /** Grant flows, comma-separated (web_server, password, jwt_bearer …). */
  flows: string
  /** Scopes of the grants still in force (space-separated lists, comma-joined), else null. */
  live_scopes: string | null
  /** Scopes of the latest grant. */
  latest_scopes: string
  grants: number
  live_grants: number
  first_at: number
  last_grant_at: number
  live_access_tokens: number
  access_expires_at: number | null
  last_access_issued_at: number | null
  live_refresh_tokens: number
  last_refresh_used_at: number | null
  consented_at: number | null
}

/** What one revocation ended. */
export interface RevokedAuthorization {
  grants: number
  refreshTokens: number
  accessTokens: number
  consentForgotten: boolean
  /** The pair's latest grant: the flow the revocation belongs to in the trace. */
  latestGrantId: string | null
}

export interface AuthorizationFilter {
  appKey?: string
  userId?: string
}

export class GrantUsageStore {
  private readonly s: Record<string, Statement>

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    // Grants, tokens and consents are summed per (app, user) apart, then joined: one pass
    // over each table instead of a join that multiplies rows.
    this.s = {
      list: p(`
WITH g AS (
  SELECT app_key, user_id,
    GROUP_CONCAT(DISTINCT flow) AS flows,
    GROUP_CONCAT(CASE WHEN revoked_at IS NULL THEN scopes END) AS live_scopes,
    COUNT(*) AS grants,
    SUM(revoked_at IS NULL) AS live_grants,
    MIN(created_at) AS first_at,
    MAX(created_at) AS last_grant_at
  FROM grants
  WHERE (@app IS NULL OR app_key = @app) AND (@user IS NULL OR user_id = @user)
  GROUP BY app_key, user_id
),
latest AS (
  SELECT app_key, user_id, scopes FROM (
    SELECT app_key, user_id, scopes,
      ROW_NUMBER() OVER (PARTITION BY app_key, user_id ORDER BY created_at DESC, id DESC) AS n
    FROM grants
    WHERE (@app IS NULL OR app_key = @app) AND (@user IS NULL OR user_id = @user)
  ) WHERE n = 1
),
a AS (
  SELECT app_key, user_id,
    SUM(revoked_at IS NULL AND expires_at > @now) AS live,
    MAX(CASE WHEN revoked_at IS NULL AND expires_at > @now THEN expires_at END) AS expires_at,
    MAX(created_at) AS last_issued_at
  FROM access_tokens
  WHERE (@app IS NULL OR app_key = @app) AND (@user IS NULL OR user_id = @user)
  GROUP BY app_key, user_id
),
r AS (
  SELECT app_key, user_id,
    SUM(revoked_at IS NULL AND rotated_at IS NULL) AS live,
    MAX(COALESCE(last_used_at, created_at)) AS last_used_at
  FROM refresh_tokens
  WHERE (@app IS NULL OR app_key = @app) AND (@user IS NULL OR user_id = @user)
  GROUP BY app_key, user_id
)
SELECT g.app_key, g.user_id, g.flows, g.live_scopes, latest.scopes AS latest_scopes,
  g.grants, g.live_grants, g.first_at, g.last_grant_at,
  COALESCE(a.live, 0) AS live_access_tokens, a.expires_at AS access_expires_at,
  a.last_issued_at AS last_access_issued_at,
  COALESCE(r.live, 0) AS live_refresh_tokens, r.last_used_at AS last_refresh_used_at,
  c.granted_at AS consented_at
FROM g
JOIN latest ON latest.app_key = g.app_key AND latest.user_id = g.user_id
LEFT JOIN a ON a.app_key = g.app_key AND a.user_id = g.user_id
LEFT JOIN r ON r.app_key = g.app_key AND r.user_id = g.user_id
LEFT JOIN consents c ON c.app_key = g.app_key AND c.user_id = g.user_id
ORDER BY g.last_grant_at DESC`),
      revokeGrants: p(
        'UPDATE grants SET revoked_at = ?, revoke_reason = ? WHERE app_key = ? AND user_id = ? AND revoked_at IS NULL',
      ),
      revokeRefresh: p(
        'UPDATE refresh_tokens SET revoked_at = ? WHERE app_key = ? AND user_id = ? AND revoked_at IS NULL',
      ),
      revokeAccess: p(
        'UPDATE access_tokens SET revoked_at = ? WHERE app_key = ? AND user_id = ? AND revoked_at IS NULL',
      ),
      forgetConsent: p('DELETE FROM consents WHERE app_key = ? AND user_id = ?'),
      usersOfApp: p('SELECT DISTINCT user_id FROM grants WHERE app_key = ?').pluck(),
      latestGrant: p(
        'SELECT id FROM grants WHERE app_key = ? AND user_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
      ).pluck(),
    }
  }

  list(filter: AuthorizationFilter, now: number): AuthorizationRow[] {
    return this.s.list!.all({
      app: filter.appKey ?? null,
      user: filter.userId ?? null,
      now,
    }) as AuthorizationRow[]
  }

  /** Revokes what one user granted one app: every grant, token and the consent. */
  revoke(appKey: string, userId: string, now: number, reason: string): RevokedAuthorization {
    return this.db.transaction((): RevokedAuthorization => ({
      grants: this.s.revokeGrants!.run(now, reason, appKey, userId).changes,
      refreshTokens: this.s.revokeRefresh!.run(now, appKey, userId).changes,
      accessTokens: this.s.revokeAccess!.run(now, appKey, userId).changes,
      consentForgotten: this.s.forgetConsent!.run(appKey, userId).changes > 0,
      latestGrantId: (this.s.latestGrant!.get(appKey, userId) as string | undefined) ?? null,
    }))()
  }

  usersOfApp(appKey: string): string[] {
    return this.s.usersOfApp!.all(appKey) as string[]
  }
}
