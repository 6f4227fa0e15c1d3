import type { Authorization, RevokeAllResult } from '../../shared/usage-api'
import type { Gatehouse } from '../gatehouse'
import { GrantUsageStore, type AuthorizationRow } from '../store/grant-usage-store'
import type { WorkspaceApp } from '../workspace'

/**
 * OAuth usage: each user's authorization of each app (all its grants and tokens), as
 * Salesforce's "Connected Apps OAuth Usage" and a user's "OAuth Connected Apps" show it, and
 * revoking one — its tokens stop working at once and its consent is forgotten, exactly as
 * after /services/oauth2/revoke of every token of the pair.
 */

export const REVOKED_FROM_USAGE = 'revoked from OAuth usage'

const HOW: Record<string, string> = {
  password: 'username-password',
  jwt_bearer: 'JWT bearer',
  client_credentials: 'client credentials run-as',
  device: 'device',
  token_exchange: 'token exchange',
}

export class OAuthUsage {
  private readonly store: GrantUsageStore

  constructor(private readonly engine: Gatehouse) {
    this.store = new GrantUsageStore(engine.store.db)
  }

  list(filter: { app?: string; user?: string; active?: boolean } = {}): Authorization[] {
    this.engine.oauth.store.flushCommits()
    const workspace = this.engine.store.workspace
    const app = filter.app === undefined ? undefined : this.findApp(filter.app)
    const user =
      filter.user === undefined
        ? undefined
        : (workspace.findUserById(filter.user) ?? workspace.findUserByUsername(filter.user))
    if ((filter.app !== undefined && !app) || (filter.user !== undefined && !user)) return []
    const rows = this.store.list(
      { ...(app ? { appKey: app.consumerKey } : {}), ...(user ? { userId: user.id } : {}) },
      this.engine.clock.now(),
    )
    const items = rows.map((row) => this.view(row))
    return filter.active === undefined
      ? items
      : items.filter((item) => item.active === filter.active)
  }

  /** Revokes one authorization; false when the id names none. */
  revoke(id: string): boolean {
    const pair = decodeId(id)
    if (!pair) return false
    this.engine.oauth.store.flushCommits()
    if (this.store.list({ appKey: pair.appKey, userId: pair.userId }, 0).length === 0) return false
    this.store.revoke(pair.appKey, pair.userId, this.engine.clock.now(), REVOKED_FROM_USAGE)
    return true
  }

  /** Revokes every user's authorization of the app. */
  revokeAll(app: WorkspaceApp): RevokeAllResult {
    this.engine.oauth.store.flushCommits()
    const now = this.engine.clock.now()
    const users = this.store.usersOfApp(app.consumerKey)
    let grants = 0
    for (const userId of users) {
      grants += this.store.revoke(
        app.consumerKey,
        userId,
        now,
        `${REVOKED_FROM_USAGE} (revoke all)`,
      )
    }
    return { users: users.length, grants }
  }

  findApp(ref: string): WorkspaceApp | undefined {
    const apps = this.engine.store.workspace.listApps()
    return (
      apps.find((a) => a.consumerKey === ref) ??
      apps.find((a) => a.name.toLowerCase() === ref.trim().toLowerCase())
    )
  }

  private view(row: AuthorizationRow): Authorization {
    const workspace = this.engine.store.workspace
    const app = workspace.findAppByConsumerKey(row.app_key)
    const user = workspace.findUserById(row.user_id)
    const flows = row.flows.split(',')
    const scopes = new Set(
      (row.live_scopes ?? row.latest_scopes).split(/[,\s]+/).filter((scope) => scope.length > 0),
    )
    const browser = flows.some((f) => f === 'web_server' || f === 'user_agent')
    const preAuthorized = app?.policies.permittedUsers === 'adminApprovedPreAuthorized'
    const how = new Set<string>()
    if (browser || row.consented_at !== null) how.add(preAuthorized ? 'pre-authorized' : 'consent')
    for (const flow of flows) if (HOW[flow]) how.add(HOW[flow])
    const lastUse = Math.max(
      row.last_grant_at,
      row.last_access_issued_at ?? 0,
      row.last_refresh_used_at ?? 0,
    )
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
    return {
      id: encodeId(row.app_key, row.user_id),
      app: { consumerKey: row.app_key, name: app?.name ?? null },
      user: { id: row.user_id, username: user?.username ?? null },
      scopes: [...scopes],
      how: [...how],
      flows,
      firstUse: iso(row.first_at)!,
      lastUse: iso(lastUse)!,
      grants: row.grants,
      liveGrants: row.live_grants,
      accessTokens: { live: row.live_access_tokens, expiresAt: iso(row.access_expires_at) },
      refreshTokens: { live: row.live_refresh_tokens },
      consentedAt: iso(row.consented_at),
      active: row.live_grants > 0,
    }
  }
}

/** The pair as an opaque, URL-safe id: both parts, so it stays the same across restarts. */
function encodeId(appKey: string, userId: string): string {
  return Buffer.from(`${userId}\n${appKey}`).toString('base64url')
}

function decodeId(id: string): { appKey: string; userId: string } | null {
  const text = Buffer.from(id, 'base64url').toString('utf8')
  const at = text.indexOf('\n')
  if (at <= 0 || at === text.length - 1) return null
  return { userId: text.slice(0, at), appKey: text.slice(at + 1) }
}
