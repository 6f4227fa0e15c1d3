import type { TokenRequestContext } from '../oauth/token/context'
import { check, step } from '../oauth/steps'
import { accessTokenLifetimeMinutes, type IssueInput } from '../tokens/issue'
import { checkLoginPolicies, TOKEN_REFUSALS } from './login-steps'

/**
 * The policy steps every token grant runs just before tokens are issued, once the app and
 * the user are known (grants/issue.ts calls this): the login checks (client IP, IP
 * restrictions, login hours, login rate) and the session timeout the tokens will carry.
 */
export async function checkTokenPolicies(
  ctx: TokenRequestContext,
  input: Pick<IssueInput, 'app' | 'user' | 'flow' | 'grantId'>,
): Promise<void> {
  await checkLoginPolicies(
    ctx,
    {
      engine: ctx.engine,
      trace: ctx.trace,
      app: input.app,
      user: input.user,
      flow: input.flow,
      grantId: input.grantId,
      now: ctx.now,
    },
    TOKEN_REFUSALS,
  )
  await check(
    ctx,
    step('policy.session_timeout', () => {
      const org = ctx.engine.org()
      const minutes = accessTokenLifetimeMinutes(input.app, org)
      const own = input.app.policies.sessionTimeoutMinutes
      return own === null
        ? `access tokens live ${minutes} min: the org's session timeout (${input.app.name} sets none)`
        : `access tokens live ${minutes} min: ${input.app.name}'s session timeout (the org's is ${org.sessionTimeoutMinutes} min)`
    }),
  )
}
