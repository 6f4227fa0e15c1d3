import {
  authenticateAccessToken,
  type AccessTokenAuthentication,
  type TokenEngine,
} from '../../tokens/bearer'
import { authenticateRefreshToken, type RefreshTokenAuthentication } from './refresh-token'

/** A token presented to introspection or revocation, as whichever kind it turned out to be. */
export type PresentedTokenAuthentication =
  | { kind: 'access_token'; auth: AccessTokenAuthentication }
  | { kind: 'refresh_token'; auth: RefreshTokenAuthentication }

/**
 * Looks the token up as an access token and as a refresh token, in the order
 * `token_type_hint` suggests (RFC 7009 §2.1, RFC 7662 §2.1: a hint only saves a lookup, and
 * a wrong or unknown hint must not make a real token unknown).
 */
export function authenticatePresentedToken(
  engine: TokenEngine,
  token: string,
  hint: string | undefined,
): PresentedTokenAuthentication {
  const asAccess = (): PresentedTokenAuthentication => ({
    kind: 'access_token',
    auth: authenticateAccessToken(engine, token),
  })
  const asRefresh = (): PresentedTokenAuthentication => ({
    kind: 'refresh_token',
    auth: authenticateRefreshToken(engine, token),
  })
  const [first, second] = hint === 'refresh_token' ? [asRefresh, asAccess] : [asAccess, asRefresh]
  const found = first()
  if (found.auth.ok || found.auth.reason !== 'unknown') return found
  const other = second()
  if (other.auth.ok || other.auth.reason !== 'unknown') return other
  return {
    kind: 'access_token',
    auth: {
      ...(found.auth as Extract<AccessTokenAuthentication, { ok: false }>),
      detail: 'no access token or refresh token with this value was issued by this org',
    },
  }
}

/** Seconds since the epoch, as JWT-style claims count time. */
export const epochSeconds = (ms: number): number => Math.floor(ms / 1000)
