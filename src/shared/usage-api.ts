/** OAuth usage over the admin API (README "OAuth usage"): who authorized which app. */

export interface Authorization {
  /** Stable id of the user × app pair, for DELETE /grants/{id}. */
  id: string
  app: { consumerKey: string; name: string | null }
  user: { id: string; username: string | null }
  /** Scopes of the grants still in force, else of the latest grant. */
  scopes: string[]
  /** How the user authorized the app: consent, pre-authorized, JWT bearer … */
  how: string[]
  /** Grant flows as recorded (web_server, password, jwt_bearer …). */
  flows: string[]
  /** Virtual-clock times (ISO 8601). */
  firstUse: string
  lastUse: string
  grants: number
  liveGrants: number
  /** Opaque access tokens still valid by the virtual clock (JWT access tokens are not stored). */
  accessTokens: { live: number; expiresAt: string | null }
  /** Refresh tokens neither revoked nor rotated. */
  refreshTokens: { live: number }
  consentedAt: string | null
  /** Something of it still works: a grant in force. */
  active: boolean
}

export interface RevokeAllResult {
  users: number
  grants: number
}
