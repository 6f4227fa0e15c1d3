import type { Database } from 'better-sqlite3'
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
}

export function createOAuthServices(deps: {
  db: Database
  clock: Clock
  baseUrl(): string
  org(): WorkspaceOrg
}): OAuthServices {
  const store = new OAuthStore(deps.db)
  const keys = new KeyService(store, deps.clock)
  const issuer = new TokenIssuer({ store, keys, clock: deps.clock, baseUrl: deps.baseUrl, org: deps.org })
  return { store, keys, issuer }
}
