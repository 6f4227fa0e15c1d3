import type { Database, Statement } from 'better-sqlite3'
import { GroupCommit } from './group-commit'
import { TokenLookupCache } from './token-lookup-cache'

/** Rows of the authorization server's tables (see migrations/002-oauth.ts). */
export interface SigningKeyRow {
  kid: string
  alg: string
  public_jwk: string
  private_pem: string
  created_at: number
  active: number
}

export interface AuthorizeRequestRow {
  id: string
  csrf: string
  params: string
  app_key: string
  user_id: string | null
  logged_in_at: number | null
  created_at: number
  expires_at: number
  done: number
}

export interface GrantRow {
  id: string
  app_key: string
  user_id: string
  scopes: string
  flow: string
  created_at: number
  revoked_at: number | null
  revoke_reason: string | null
}

export interface AuthCodeRow {
  code_hash: string
  app_key: string
  user_id: string
  redirect_uri: string
  scopes: string
  code_challenge: string | null
  code_challenge_method: string | null
  nonce: string | null
  created_at: number
  expires_at: number
  used_at: number | null
  grant_id: string | null
}

export type AccessTokenWithGrant = AccessTokenRow & {
  grant_revoked_at: number | null
  grant_revoke_reason: string | null
  grant_flow: string | null
}

export interface RefreshTokenRow {
  token_hash: string
  grant_id: string
  app_key: string
  user_id: string
  scopes: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
  rotated_at: number | null
}

export interface AccessTokenRow {
  token_hash: string
  grant_id: string
  app_key: string
  user_id: string
  scopes: string
  format: 'opaque' | 'jwt'
  created_at: number
  expires_at: number
  revoked_at: number | null
}

export type CodeConsumption =
  | { status: 'ok'; code: AuthCodeRow }
  | { status: 'reused'; code: AuthCodeRow }
  | { status: 'unknown' }

/**
 * Statements for codes, grants, tokens, sessions, consents, keys and JWT ids. Consume-once
 * operations (codes, rotation, jti) are single guarded UPDATE/INSERT statements or
 * immediate transactions, so concurrent requests get exactly one winner.
 */
export class OAuthStore {
  private readonly s: Record<string, Statement>
  private readonly commits: GroupCommit
  private readonly accessTokens: TokenLookupCache<AccessTokenWithGrant>

  constructor(private readonly db: Database) {
    this.commits = new GroupCommit(db)
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      listKeys: p('SELECT * FROM signing_keys ORDER BY created_at, kid'),
      activeKey: p('SELECT * FROM signing_keys WHERE active = 1 LIMIT 1'),
      deactivateKeys: p('UPDATE signing_keys SET active = 0'),
      insertKey: p(
        'INSERT INTO signing_keys (kid, alg, public_jwk, private_pem, created_at, active) VALUES (@kid, @alg, @public_jwk, @private_pem, @created_at, @active)',
      ),
      insertSession: p(
        'INSERT INTO browser_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      findSession: p('SELECT user_id FROM browser_sessions WHERE id_hash = ? AND expires_at > ?'),
      deleteSession: p('DELETE FROM browser_sessions WHERE id_hash = ?'),
      insertAuthorizeRequest: p(
        'INSERT INTO authorize_requests (id, csrf, params, app_key, created_at, expires_at) VALUES (@id, @csrf, @params, @app_key, @created_at, @expires_at)',
      ),
      findAuthorizeRequest: p('SELECT * FROM authorize_requests WHERE id = ?'),
      markLoggedIn: p('UPDATE authorize_requests SET user_id = ?, logged_in_at = ? WHERE id = ?'),
      finishAuthorizeRequest: p('UPDATE authorize_requests SET done = 1 WHERE id = ? AND done = 0'),
      pruneAuthorizeRequests: p('DELETE FROM authorize_requests WHERE expires_at < ?'),
      findConsent: p('SELECT scopes FROM consents WHERE user_id = ? AND app_key = ?'),
      saveConsent: p(
        'INSERT INTO consents (user_id, app_key, scopes, granted_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, app_key) DO UPDATE SET scopes = excluded.scopes, granted_at = excluded.granted_at',
      ),
      insertGrant: p(
        'INSERT INTO grants (id, app_key, user_id, scopes, flow, created_at) VALUES (@id, @app_key, @user_id, @scopes, @flow, @created_at)',
      ),
      findGrant: p('SELECT * FROM grants WHERE id = ?'),
      revokeGrant: p(
        'UPDATE grants SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      revokeGrantRefresh: p(
        'UPDATE refresh_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL',
      ),
      revokeGrantAccess: p(
        'UPDATE access_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL',
      ),
      insertCode: p(
        'INSERT INTO auth_codes (code_hash, app_key, user_id, redirect_uri, scopes, code_challenge, code_challenge_method, nonce, created_at, expires_at) VALUES (@code_hash, @app_key, @user_id, @redirect_uri, @scopes, @code_challenge, @code_challenge_method, @nonce, @created_at, @expires_at)',
      ),
      findCode: p('SELECT * FROM auth_codes WHERE code_hash = ?'),
      useCode: p('UPDATE auth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL'),
      setCodeGrant: p('UPDATE auth_codes SET grant_id = ? WHERE code_hash = ?'),
      insertRefresh: p(
        'INSERT INTO refresh_tokens (token_hash, grant_id, app_key, user_id, scopes, created_at) VALUES (@token_hash, @grant_id, @app_key, @user_id, @scopes, @created_at)',
      ),
      findRefresh: p('SELECT * FROM refresh_tokens WHERE token_hash = ?'),
      touchRefresh: p('UPDATE refresh_tokens SET last_used_at = ? WHERE token_hash = ?'),
      retireRefresh: p(
        'UPDATE refresh_tokens SET revoked_at = ?, rotated_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      countLiveRefresh: p(
        'SELECT COUNT(*) AS n FROM refresh_tokens WHERE grant_id = ? AND revoked_at IS NULL',
      ),
      revokeRefresh: p(
        'UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      insertAccess: p(
        'INSERT INTO access_tokens (token_hash, grant_id, app_key, user_id, scopes, format, created_at, expires_at) VALUES (@token_hash, @grant_id, @app_key, @user_id, @scopes, @format, @created_at, @expires_at)',
      ),
      findAccess: p('SELECT * FROM access_tokens WHERE token_hash = ?'),
      findAccessWithGrant: p(
        'SELECT a.*, g.revoked_at AS grant_revoked_at, g.revoke_reason AS grant_revoke_reason, g.flow AS grant_flow FROM access_tokens a LEFT JOIN grants g ON g.id = a.grant_id WHERE a.token_hash = ?',
      ),
      revokeAccess: p(
        'UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      pruneJtis: p('DELETE FROM used_jtis WHERE expires_at < ?'),
      insertJti: p('INSERT OR IGNORE INTO used_jtis (app_key, jti, expires_at) VALUES (?, ?, ?)'),
    }
    const findAccessWithGrant = this.s.findAccessWithGrant!
    this.accessTokens = new TokenLookupCache(
      db,
      (tokenHash) => findAccessWithGrant.get(tokenHash) as AccessTokenWithGrant | undefined,
    )
  }

  // Signing keys
  listKeys(): SigningKeyRow[] {
    return this.s.listKeys!.all() as SigningKeyRow[]
  }

  activeKey(): SigningKeyRow | undefined {
    return this.s.activeKey!.get() as SigningKeyRow | undefined
  }

  /** Adds a key and makes it the one that signs; older keys stay published. */
  addActiveKey(row: Omit<SigningKeyRow, 'active'>): void {
    this.db.transaction(() => {
      this.s.deactivateKeys!.run()
      this.s.insertKey!.run({ ...row, active: 1 })
    })()
  }

  // Browser sessions (the login cookie)
  createSession(idHash: string, userId: string, now: number, expiresAt: number): void {
    this.s.insertSession!.run(idHash, userId, now, expiresAt)
  }

  sessionUser(idHash: string, now: number): string | undefined {
    return (this.s.findSession!.get(idHash, now) as { user_id: string } | undefined)?.user_id
  }

  deleteSession(idHash: string): void {
    this.s.deleteSession!.run(idHash)
  }

  // Pending authorization requests (between the login and consent pages)
  insertAuthorizeRequest(
    row: Omit<AuthorizeRequestRow, 'user_id' | 'logged_in_at' | 'done'>,
  ): void {
    this.s.pruneAuthorizeRequests!.run(row.created_at)
    this.s.insertAuthorizeRequest!.run(row)
  }

  findAuthorizeRequest(id: string): AuthorizeRequestRow | undefined {
    return this.s.findAuthorizeRequest!.get(id) as AuthorizeRequestRow | undefined
  }

  markLoggedIn(id: string, userId: string, now: number): void {
    this.s.markLoggedIn!.run(userId, now, id)
  }

  /** Consume-once: true for exactly one caller. */
  finishAuthorizeRequest(id: string): boolean {
    return this.s.finishAuthorizeRequest!.run(id).changes === 1
  }

  /**
   * Runs `write` (calls to this store's write methods) in the next group commit with the
   * writes of other requests; resolves with its result once committed.
   */
  commit<T>(write: () => T): Promise<T> {
    return this.commits.run(write)
  }

  /** Commits what is waiting for a group commit now (before the database closes). */
  flushCommits(): void {
    this.commits.flush()
  }

  // Consents ("all users may self-authorize" remembers approval per user and app)
  consentScopes(userId: string, appKey: string): string | undefined {
    return (this.s.findConsent!.get(userId, appKey) as { scopes: string } | undefined)?.scopes
  }

  saveConsent(userId: string, appKey: string, scopes: string, now: number): void {
    this.s.saveConsent!.run(userId, appKey, scopes, now)
  }

  // Grants: the lineage every token hangs from
  createGrant(row: Omit<GrantRow, 'revoked_at' | 'revoke_reason'>): void {
    this.s.insertGrant!.run(row)
  }

  findGrant(id: string): GrantRow | undefined {
    return this.s.findGrant!.get(id) as GrantRow | undefined
  }

  /** Revokes the grant and every refresh and access token issued under it. */
  revokeGrant(id: string, now: number, reason: string): void {
    this.db.transaction(() => {
      this.s.revokeGrant!.run(now, reason, id)
      this.s.revokeGrantRefresh!.run(now, id)
      this.s.revokeGrantAccess!.run(now, id)
    })()
  }

  // Authorization codes
  insertCode(row: Omit<AuthCodeRow, 'used_at' | 'grant_id'>): void {
    this.s.insertCode!.run(row)
  }

  /**
   * Marks the code used. Exactly one concurrent caller gets `ok`; a later caller gets
   * `reused` (and should revoke what the first redemption granted).
   */
  consumeCode(codeHash: string, now: number): CodeConsumption {
    return this.db
      .transaction((): CodeConsumption => {
        const code = this.s.findCode!.get(codeHash) as AuthCodeRow | undefined
        if (!code) return { status: 'unknown' }
        if (code.used_at !== null) return { status: 'reused', code }
        this.s.useCode!.run(now, codeHash)
        return { status: 'ok', code: { ...code, used_at: now } }
      })
      .immediate()
  }

  setCodeGrant(codeHash: string, grantId: string): void {
    this.s.setCodeGrant!.run(grantId, codeHash)
  }

  // Refresh tokens
  insertRefreshToken(
    row: Omit<RefreshTokenRow, 'last_used_at' | 'revoked_at' | 'rotated_at'>,
  ): void {
    this.s.insertRefresh!.run(row)
  }

  findRefreshToken(tokenHash: string): RefreshTokenRow | undefined {
    return this.s.findRefresh!.get(tokenHash) as RefreshTokenRow | undefined
  }

  touchRefreshToken(tokenHash: string, now: number): void {
    this.s.touchRefresh!.run(now, tokenHash)
  }

  /**
   * Rotation: retire the presented token and insert its successor atomically. Returns false
   * (inserting nothing) when another request already retired it — the loser of a race.
   */
  rotateRefreshToken(
    oldHash: string,
    next: Omit<RefreshTokenRow, 'last_used_at' | 'revoked_at' | 'rotated_at'>,
    now: number,
  ): boolean {
    return this.db
      .transaction(() => {
        if (this.s.retireRefresh!.run(now, now, oldHash).changes !== 1) return false
        this.s.insertRefresh!.run(next)
        return true
      })
      .immediate()
  }

  /** How many refresh tokens of a grant are still live (rotation keeps exactly one). */
  countLiveRefreshTokens(grantId: string): number {
    return (this.s.countLiveRefresh!.get(grantId) as { n: number }).n
  }

  revokeRefreshToken(tokenHash: string, now: number): void {
    this.s.revokeRefresh!.run(now, tokenHash)
  }

  // Access tokens
  insertAccessToken(row: Omit<AccessTokenRow, 'revoked_at'>): void {
    this.s.insertAccess!.run(row)
  }

  findAccessToken(tokenHash: string): AccessTokenRow | undefined {
    return this.s.findAccess!.get(tokenHash) as AccessTokenRow | undefined
  }

  /**
   * The access token, when its grant was revoked (null: not, or no grant) and the flow that
   * started the grant, in one lookup (every API call asks).
   */
  findAccessTokenWithGrant(tokenHash: string): Readonly<AccessTokenWithGrant> | undefined {
    return this.accessTokens.get(tokenHash)
  }

  revokeAccessToken(tokenHash: string, now: number): void {
    this.s.revokeAccess!.run(now, tokenHash)
  }

  // JWT ids (replay protection for JWT bearer assertions)
  /** Records a jti until it expires; false when it was already used (a replay). */
  useJti(appKey: string, jti: string, expiresAt: number, now: number): boolean {
    return this.db
      .transaction(() => {
        this.s.pruneJtis!.run(now)
        return this.s.insertJti!.run(appKey, jti, expiresAt).changes === 1
      })
      .immediate()
  }
}
