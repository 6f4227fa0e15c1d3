import type { FastifyReply } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import type { TokenResponse } from '../../tokens/issue'
import type { WorkspaceUser } from '../../workspace'
import type { ExchangeTrace } from '../exchange-trace'
import { grantsRefreshToken } from '../scopes'
import { decide, decided } from '../token/decide'
import { authorizationResponseUrl } from './redirect'
import type { ValidAuthorizeRequest } from './request'
import { redirect, type RedirectStatus } from './respond'

/**
 * The user-agent (implicit) flow's answer: the tokens themselves, in the redirect's fragment
 * (reference §3, §4.2), in Salesforce's field order and encoding — form encoding, so spaces
 * are `+` and the `!` of an access token is `%21`. A refresh token only when the scopes
 * allow one; an id_token only for `token id_token`, with the nonce echoed.
 */
export function implicitResponseUrl(
  redirectUri: string,
  response: TokenResponse,
  state: string | undefined,
  issuer: string,
): string {
  return authorizationResponseUrl(
    redirectUri,
    [
      ['access_token', response.access_token],
      ['refresh_token', response.refresh_token],
      ['instance_url', response.instance_url],
      ['id', response.id],
      ['issued_at', response.issued_at],
      ['signature', response.signature],
      ['scope', response.scope],
      ['id_token', response.id_token],
      ['token_type', response.token_type],
      ['state', state],
      // RFC 9207, as on every authorization response of this server.
      ['iss', issuer],
    ],
    'fragment',
  )
}

/** Issues the tokens (`tokens.issue`) and redirects with them in the fragment. */
export async function finishWithTokens(
  engine: Gatehouse,
  reply: FastifyReply,
  trace: ExchangeTrace,
  request: ValidAuthorizeRequest,
  user: WorkspaceUser,
  redirectStatus: RedirectStatus,
): Promise<FastifyReply> {
  trace.grantType = 'implicit'
  const withIdToken = request.responseType === 'token id_token'
  const response = await decide({ log: trace.log }, 'tokens.issue', async () => {
    const issued = await engine.oauth.issuer.issue({
      app: request.app,
      user,
      scopes: request.scopes,
      refreshToken: grantsRefreshToken(request.scopes),
      signature: true,
      issuedAt: true,
      idToken: withIdToken ? { nonce: request.nonce } : false,
      flow: 'user_agent',
    })
    if ('rotationLost' in issued) throw new Error('a new grant cannot lose a rotation race')
    trace.grantId = issued.grantId
    const parts = ['an access token']
    if (issued.refreshToken) parts.push('a refresh token')
    if (issued.response.id_token) parts.push('an id_token (nonce echoed)')
    return decided(
      issued.response,
      `issued ${parts.join(', ')} for ${user.username}, scopes ${request.scopes.join(' ') || 'none'}, in the redirect's fragment; grant ${issued.grantId}`,
    )
  })
  return redirect(
    reply,
    implicitResponseUrl(request.redirectUri, response, request.state, engine.baseUrl),
    redirectStatus,
  )
}
