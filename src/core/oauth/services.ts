import type { Database } from 'better-sqlite3'
import { DeviceStore } from '../store/device-store'
import { JwtRevocationStore } from '../store/jwt-revocation-store'
import { OAuthStore } from '../store/oauth-store'
import { KeyService } from '../tokens/keys'
import { TokenIssuer } from '../tokens/issue'
import type { Clock } from '../policy/clock'
import type { WorkspaceOrg } from '../workspace'

/** The authorization server's collaborators, built once per engine. */
export interface OAuthServices {
  store: OAuthStore
  keys: KeyService
  issuer: TokenIssuer
  /** Device codes, the verification page's logins and its wrong-code counter. */
  device: DeviceStore
  /** Ids of JWT access tokens revoked one by one (JWT access tokens are not stored). */
  revokedJwts: JwtRevocationStore
}

export function createOAuthServices(deps: {
  db: Database
  clock: Clock
  baseUrl(): string
  org(): WorkspaceOrg
}): OAuthServices {
  const store = new OAuthStore(deps.db)
  const keys = new KeyService(store, deps.clock)
  const issuer = new TokenIssuer({
    store,
    keys,
    clock: deps.clock,
    baseUrl: deps.baseUrl,
    org: deps.org,
  })
  return {
    store,
    keys,
    issuer,
    device: new DeviceStore(deps.db),
    revokedJwts: new JwtRevocationStore(deps.db),
  }
}
