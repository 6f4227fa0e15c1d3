import { sfErrors } from '../../salesforce/oauth-errors'
import { accessTokenLifetimeMinutes, type IssueInput, type Issued } from '../../tokens/issue'
import { checkTokenPolicies } from '../../policy/token-steps'
import { decide, decided } from '../token/decide'
import type { TokenRequestContext } from '../token/context'

function describe(ctx: TokenRequestContext, input: IssueInput, issued: Issued): string {
  const minutes = accessTokenLifetimeMinutes(input.app, ctx.engine.org())
  const parts = [`access token for ${input.user.username} (valid ${minutes} min)`]
  if (issued.refreshToken)
    parts.push(input.rotateFrom ? 'a successor refresh token' : 'a refresh token')
  if (issued.response.id_token) parts.push('an id_token')
  const scopes = input.scopes.join(' ') || 'none'
  return `issued ${parts.join(', ')}; scopes: ${scopes}; grant ${issued.grantId}`
}

/**
 * Runs the policy steps every grant shares (client IP, IP restrictions, login hours, login
 * rate, session timeout), then issues the tokens through the engine's TokenIssuer as the
 * named step (`tokens.issue`, or `refresh.rotate` when the issue retires a refresh token). Losing a rotation race means
 * another request used this refresh token first: Salesforce's dead-token answer.
 */
export async function issueTokens(
  ctx: TokenRequestContext,
  input: IssueInput,
  stepName = 'tokens.issue',
): Promise<Issued> {
  await checkTokenPolicies(ctx, input)
  return decide(ctx, stepName, async () => {
    const result = await ctx.engine.oauth.issuer.issue(input)
    if ('rotationLost' in result) {
      throw sfErrors
        .expiredToken()
        .because(
          'a concurrent request retired this refresh token a moment earlier (rotation is atomic; this request lost)',
        )
    }
    ctx.trace.grantId = result.grantId
    return decided(result, describe(ctx, input, result))
  })
}
