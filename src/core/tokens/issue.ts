import type { OAuthStore } from '../store/oauth-store'
import type { Clock } from '../policy/clock'
import type { WorkspaceApp, WorkspaceOrg, WorkspaceUser } from '../workspace'
import type { KeyService } from './keys'
import { signIdToken } from './id-token'
import { accessTokenKeyId, signJwtAccessToken } from './jwt-access-token'
import { newGrantId, newOpaqueAccessToken, newRefreshToken, sha256Hex } from './random'
import { tokenSignature } from './signature'

/** Salesforce's token response, in Salesforce's field order. No `expires_in`, by design. */
export interface TokenResponse {
  access_token: string
  refresh_token?: string
  signature?: string
  scope?: string
  id_token?: string
  instance_url: string
  id: string
  token_type: 'Bearer'
  issued_at?: string
  /** Token exchange only (RFC 8693 §2.2.1): what kind of token access_token holds. */
  issued_token_type?: string
}

export type FlowKind =
  | 'web_server'
  | 'user_agent'
  | 'refresh_token'
  | 'password'
  | 'client_credentials'
  | 'jwt_bearer'
  | 'device'
  | 'token_exchange'

export interface IssueInput {
  app: WorkspaceApp
  user: WorkspaceUser
  /** The scopes granted, in the order they are reported. */
  scopes: readonly string[]
  /** Which fields this flow's response carries (reference §2). */
  refreshToken: boolean
  signature: boolean
  issuedAt: boolean
  idToken: false | { nonce?: string }
  /** Continue an existing grant (refresh) instead of starting a new one. */
  grantId?: string
  flow: FlowKind
  /** Rotation: the refresh token to retire atomically in favour of the new one. */
  rotateFrom?: string
  /** Scopes of a new refresh token when they differ from the access token's (narrowed refresh). */
  refreshScopes?: readonly string[]
}

export interface Issued {
  response: TokenResponse
  grantId: string
  accessToken: string
  refreshToken?: string
}

/** Rotation lost a race with a concurrent refresh: nothing was issued. */
export interface RotationLost {
  rotationLost: true
}

export interface IssuerDeps {
  store: OAuthStore
  keys: KeyService
  clock: Clock
  baseUrl(): string
  org(): WorkspaceOrg
}

/** Minutes an access token lives: the app's session timeout, else the org's. */
export function accessTokenLifetimeMinutes(app: WorkspaceApp, org: WorkspaceOrg): number {
  return app.policies.sessionTimeoutMinutes ?? org.sessionTimeoutMinutes
}

/** Builds the identity URL (`id`) the token response and id_token point at. */
export function identityUrl(baseUrl: string, orgId: string, userId: string): string {
  return `${baseUrl}/id/${orgId}/${userId}`
}

/**
 * Issues access (and refresh / id) tokens for one grant and writes what later checks need:
 * a grant row for lineage, hashed token rows for lookup and revocation.
 */
export class TokenIssuer {
  constructor(private readonly deps: IssuerDeps) {}

  async issue(input: IssueInput): Promise<Issued | RotationLost> {
    const { store, clock } = this.deps
    const org = this.deps.org()
    const base = this.deps.baseUrl()
    const now = clock.now()
    const scopeText = input.scopes.join(' ')
    const grantId = input.grantId ?? newGrantId(now)
    const expiresAt = now + accessTokenLifetimeMinutes(input.app, org) * 60_000

    // A JWT access token is not stored (verified by signature; revocation uses its jti and
    // grant claims). Signing runs on the thread pool while the rows below are committed.
    let signing: Promise<string> | null = null
    if (input.app.jwtAccessTokens) {
      const key = this.deps.keys.active()
      signing = signJwtAccessToken({
        issuer: base,
        org,
        app: input.app,
        user: input.user,
        scopes: input.scopes,
        grantId,
        nowMs: now,
        expiresAtMs: expiresAt,
        key,
        keyId: accessTokenKeyId(this.deps.keys, org.id, key.kid),
      })
      // Awaited below; this only keeps a lost rotation from leaving it unhandled.
      signing.catch(() => undefined)
    }
    const opaqueToken = signing ? null : newOpaqueAccessToken(org.id)
    const refreshToken = input.refreshToken ? newRefreshToken() : undefined

    // Every row of this issue goes into one group commit; the answer waits for it.
    const stored = await store.commit(() => {
      if (refreshToken) {
        const row = {
          token_hash: sha256Hex(refreshToken),
          grant_id: grantId,
          app_key: input.app.consumerKey,
          user_id: input.user.id,
          scopes: (input.refreshScopes ?? input.scopes).join(' '),
          created_at: now,
        }
        if (input.rotateFrom) {
          if (!store.rotateRefreshToken(sha256Hex(input.rotateFrom), row, now)) return false
        } else store.insertRefreshToken(row)
      }
      if (!input.grantId) {
        store.createGrant({
          id: grantId,
          app_key: input.app.consumerKey,
          user_id: input.user.id,
          scopes: scopeText,
          flow: input.flow,
          created_at: now,
        })
      }
      if (opaqueToken) {
        store.insertAccessToken({
          token_hash: sha256Hex(opaqueToken),
          grant_id: grantId,
          app_key: input.app.consumerKey,
          user_id: input.user.id,
          scopes: scopeText,
          format: 'opaque',
          created_at: now,
          expires_at: expiresAt,
        })
      }
      return true
    })
    if (!stored) return { rotationLost: true }
    const accessToken = opaqueToken ?? (await signing!)

    const id = identityUrl(base, org.id, input.user.id)
    const issuedAt = String(now)
    const response: TokenResponse = {
      access_token: accessToken,
      instance_url: base,
      id,
      token_type: 'Bearer',
    }
    if (refreshToken) response.refresh_token = refreshToken
    if (input.signature) response.signature = tokenSignature(input.app.consumerSecret, id, issuedAt)
    if (scopeText) response.scope = scopeText
    if (input.idToken && input.scopes.includes('openid')) {
      response.id_token = await signIdToken({
        issuer: base,
        identityUrl: id,
        audience: input.app.consumerKey,
        user: input.user,
        scopes: input.scopes,
        accessToken,
        nonce: input.idToken.nonce,
        nowMs: now,
        key: this.deps.keys.active(),
      })
    }
    if (input.issuedAt) response.issued_at = issuedAt
    return { response: orderResponse(response), grantId, accessToken, refreshToken }
  }
}

const FIELD_ORDER: ReadonlyArray<keyof TokenResponse> = [
  'access_token',
  'refresh_token',
  'signature',
  'scope',
  'id_token',
  'instance_url',
  'id',
  'token_type',
  'issued_at',
  'issued_token_type',
]

/** Salesforce's field order, so captured responses and ours diff cleanly. */
function orderResponse(response: TokenResponse): TokenResponse {
  const ordered: Record<string, unknown> = {}
  for (const key of FIELD_ORDER) if (response[key] !== undefined) ordered[key] = response[key]
  return ordered as unknown as TokenResponse
}
