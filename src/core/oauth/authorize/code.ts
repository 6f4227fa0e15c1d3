import type { Gatehouse } from '../../gatehouse'
import { newAuthorizationCode, sha256Hex } from '../../tokens/random'
import type { WorkspaceUser } from '../../workspace'
import type { ExchangeTrace } from '../exchange-trace'
import { check, step } from '../steps'
import type { ValidAuthorizeRequest } from './request'

/** Salesforce's authorization codes live 15 minutes and are single use (reference §1.4). */
export const CODE_LIFETIME_MS = 15 * 60 * 1000

/**
 * Mints an authorization code and stores only its SHA-256 digest, bound to everything the
 * token endpoint must check at redemption: app, user, redirect URI, scopes, PKCE challenge
 * and nonce.
 */
export async function issueAuthorizationCode(
  engine: Gatehouse,
  trace: ExchangeTrace,
  request: ValidAuthorizeRequest,
  user: WorkspaceUser,
): Promise<string> {
  const code = newAuthorizationCode()
  await check(
    { log: trace.log },
    step('code.issue', () => {
      const now = engine.clock.now()
      engine.oauth.store.insertCode({
        code_hash: sha256Hex(code),
        app_key: request.app.consumerKey,
        user_id: user.id,
        redirect_uri: request.redirectUri,
        scopes: request.scopes.join(' '),
        code_challenge: request.pkce?.challenge ?? null,
        code_challenge_method: request.pkce?.method ?? null,
        nonce: request.nonce ?? null,
        created_at: now,
        expires_at: now + CODE_LIFETIME_MS,
      })
      const pkce = request.pkce ? `, bound to an ${request.pkce.method} challenge` : ''
      return `code issued to ${request.app.name} for ${user.username}, scopes ${request.scopes.join(' ') || 'none'}${pkce}; valid 15 minutes, single use`
    }),
  )
  return code
}
