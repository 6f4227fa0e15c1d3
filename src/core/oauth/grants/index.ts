import type { TokenGrant } from '../token/context'
import { authorizationCodeGrant } from './authorization-code'
import { clientCredentialsGrant } from './client-credentials'
import { jwtBearerGrant } from './jwt-bearer'
import { passwordGrant } from './password'
import { refreshTokenGrant } from './refresh-token'

/** Every grant the token endpoint dispatches to, by `grant_type`. */
export const GRANTS: ReadonlyMap<string, TokenGrant> = new Map(
  [
    authorizationCodeGrant,
    refreshTokenGrant,
    passwordGrant,
    clientCredentialsGrant,
    jwtBearerGrant,
  ].map((grant) => [grant.grantType, grant] as const),
)
