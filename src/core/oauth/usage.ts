import type { Authorization, RevokeAllResult } from '../../shared/usage-api'
import type { Gatehouse } from '../gatehouse'
import {
  GrantUsageStore,
  type AuthorizationRow,
  type RevokedAuthorization,
} from '../store/grant-usage-store'
import { newExchangeTrace } from './exchange-trace'
import type { WorkspaceApp } from '../workspace'

/**
 * OAuth usage: each user's authorization of each app (all its grants and tokens), as
 * Salesforce's "Connected Apps OAuth Usage" and a user's "OAuth Connected Apps" show it, and
 * revoking one — its tokens stop working at once and its consent is forgotten, exactly as
 * after /services/oauth2/revoke of every token of the pair.
 */

export const REVOKED_FROM_USAGE = 'revoked from OAuth usage'

/** The admin API call a revocation came from, as the trace records it. */
export interface AdminCall {
  method: string
  url: string
  /** The status the call answers. */
  status: number
}

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

  /**
   * Revokes one authorization; false when the id names none. `request` (the admin call) is
   * what the revocation is recorded as in the trace.
   */
  revoke(id: string, request: AdminCall): boolean {
    const pair = decodeId(id)
    if (!pair) return false
    this.engine.oauth.store.flushCommits()
    if (this.store.list({ appKey: pair.appKey, userId: pair.userId }, 0).length === 0) return false
    const now = this.engine.clock.now()
    const ended = this.store.revoke(pair.appKey, pair.userId, now, REVOKED_FROM_USAGE)
    this.record(pair, ended, request, now)
    return true
  }

  /** Revokes every user's authorization of the app. */
  revokeAll(app: WorkspaceApp, request: AdminCall): RevokeAllResult {
    this.engine.oauth.store.flushCommits()
    const now = this.engine.clock.now()
    const users = this.store.usersOfApp(app.consumerKey)
    let grants = 0
    for (const userId of users) {
      const reason = `${REVOKED_FROM_USAGE} (revoke all)`
      const ended = this.store.revoke(app.consumerKey, userId, now, reason)
      this.record({ appKey: app.consumerKey, userId }, ended, request, now)
      grants += ended.grants
    }
    return { users: users.length, grants }
  }

  /**
   * The revocation as an exchange of its own in the trace, on the flow of the grant it ended
   * (Traffic and Flows show when and why the app's tokens stopped working). Admin calls are
   * otherwise never recorded; this one changes what the org answers, so it is.
   */
  private record(
    pair: { appKey: string; userId: string },
    ended: RevokedAuthorization,
    request: AdminCall,
    now: number,
  ): void {
    const recorder = this.engine.recorder
    if (!recorder) return
    const { workspace } = this.engine.store
    const app = workspace.findAppByConsumerKey(pair.appKey)
    const user = workspace.findUserById(pair.userId)
    const who = user?.username ?? pair.userId
    const what = app?.name ?? pair.appKey
    const trace = newExchangeTrace()
    trace.appKey = pair.appKey
    trace.appName = app?.name
    trace.userId = pair.userId
    trace.username = user?.username
    if (ended.latestGrantId) trace.grantId = ended.latestGrantId
    trace.log.pass(
      'usage.revoke',
      `${who}'s access to ${what} revoked from OAuth usage: ${ended.grants} grant(s) in force, ${ended.refreshTokens} refresh token(s) and ${ended.accessTokens} access token(s) ended`,
    )
    trace.log.pass(
      'usage.consent',
      ended.consentForgotten
        ? `${who}'s approval of ${what} forgotten: the next login asks again`
        : `${who} had no stored approval of ${what} (pre-authorized, or a flow without consent)`,
    )
    recorder.enqueue({
      startedAt: now,
      durationMs: 0,
      method: request.method,
      url: request.url,
      requestHeaders: {},
      query: {},
      body: undefined,
      trace,
      socketIp: undefined,
      status: request.status,
      responseHeaders: () => ({}),
      payload: undefined,
    })
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
