import type { TokenGrant } from '../token/context'
import { authorizationCodeGrant } from './authorization-code'
import { clientCredentialsGrant } from './client-credentials'
import { rfc8628DeviceGrant, salesforceDeviceGrant } from './device'
import { jwtBearerGrant } from './jwt-bearer'
import { passwordGrant } from './password'
import { refreshTokenGrant } from './refresh-token'
import { tokenExchangeGrant } from './token-exchange'

/** Every grant the token endpoint dispatches to, by `grant_type`. */
export const GRANTS: ReadonlyMap<string, TokenGrant> = new Map(
  [
    authorizationCodeGrant,
    refreshTokenGrant,
    passwordGrant,
    clientCredentialsGrant,
    jwtBearerGrant,
    salesforceDeviceGrant,
    rfc8628DeviceGrant,
    tokenExchangeGrant,
  ].map((grant) => [grant.grantType, grant] as const),
)
