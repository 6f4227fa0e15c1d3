import type { Gatehouse } from '../gatehouse'
import type { ExchangeTrace } from '../oauth/exchange-trace'
import { check, skipped, step, type HasStepLog, type StepResult } from '../oauth/steps'
import { LOGIN_FAILED_MESSAGE } from '../oauth/pages/login-page'
import { OAuthError } from '../salesforce/errors'
import { LOGIN_RESTRICTED_MESSAGE } from '../salesforce/login-messages'
import { sfErrors } from '../salesforce/oauth-errors'
import type { WorkspaceApp, WorkspaceUser } from '../workspace/types'
import { resolveClientIp, type ResolvedClientIp } from './client-ip'
import {
  evaluateIpRestriction,
  evaluateRefreshAllowlist,
  type IpCheckFlow,
  type PolicyVerdict,
} from './ip-restrictions'
import { evaluateLoginHours } from './login-hours'
import { countLogin } from './login-rate'
import { faultLabel, policyState } from './request-state'

/**
 * The checks a login makes about where and when it happens, as named steps:
 *   client.ip                    the address the request is judged by, and why that one
 *   policy.ip                    profile login IP ranges under the app's IP relaxation
 *   policy.refresh_ip_allowlist  the External Client App's refresh token IP allowlist
 *   policy.login_hours           the profile's login hours, on the virtual clock
 *   policy.login_rate            logins per user per hour
 * A login is the login page of the authorization endpoint or a token grant.
 */

export interface LoginPolicyInput {
  engine: Gatehouse
  trace: ExchangeTrace
  app: WorkspaceApp
  user: WorkspaceUser
  flow: IpCheckFlow
  /** The grant being continued (refresh), so relaxation can see how it started. */
  grantId?: string
  now: number
}

/** How each refusal looks on the endpoint's wire. */
export interface LoginRefusals {
  restricted: () => OAuthError
  rateExceeded: (retryAfterSeconds: number) => OAuthError
}

export const TOKEN_REFUSALS: LoginRefusals = {
  restricted: sfErrors.ipRestricted,
  rateExceeded: sfErrors.loginRateExceeded,
}

/** The address this request is judged by, now that its app and user are known. */
export function requestClientIp(
  engine: Gatehouse,
  trace: ExchangeTrace,
  app: Pick<WorkspaceApp, 'name'> | undefined,
  user: Pick<WorkspaceUser, 'username'> | undefined,
): ResolvedClientIp {
  const state = policyState(trace)
  const resolved = resolveClientIp({
    fault: state.faultIp && { ip: state.faultIp.ip, rule: faultLabel(state.faultIp.rule) },
    username: user?.username,
    appName: app?.name,
    simulation: engine.store.workspace.simulation(),
    forwardedFor: state.forwardedFor,
    socketIp: state.socketIp,
  })
  trace.clientIp = resolved.ip
  return resolved
}

/** A verdict as a step result; a failure throws the endpoint's error with the detail. */
export function verdictResult(verdict: PolicyVerdict, refuse: () => OAuthError): StepResult {
  if (verdict.outcome === 'failed') throw refuse().because(verdict.detail)
  return verdict.outcome === 'skipped' ? skipped(verdict.detail) : verdict.detail
}

/** The flow that started a grant (the origin of a refresh), if the grant is known. */
export function originFlow(engine: Gatehouse, grantId: string | undefined): string | undefined {
  return grantId ? engine.oauth.store.findGrant(grantId)?.flow : undefined
}

/** The code exchange finishes a login the login page already counted. */
const NOT_A_NEW_LOGIN: ReadonlySet<IpCheckFlow> = new Set(['web_server'])

export async function checkLoginPolicies(
  ctx: HasStepLog,
  input: LoginPolicyInput,
  refusals: LoginRefusals,
): Promise<void> {
  const { engine, trace, app, user, flow } = input
  const state = policyState(trace)
  let ip = ''
  await check(
    ctx,
    step('client.ip', () => {
      const resolved = requestClientIp(engine, trace, app, user)
      ip = resolved.ip
      return `client IP ${resolved.ip}: ${resolved.detail}`
    }),
  )
  const profile = engine.store.workspace.profile(user.profile) ?? {
    name: user.profile,
    loginIpRanges: [],
    loginHours: undefined,
  }
  await check(
    ctx,
    step('policy.ip', () =>
      verdictResult(
        evaluateIpRestriction({
          ip,
          profile,
          org: engine.org(),
          app,
          flow,
          originFlow: originFlow(engine, input.grantId),
          forcedBy: state.forced.ipRestricted && faultLabel(state.forced.ipRestricted),
        }),
        refusals.restricted,
      ),
    ),
  )
  await check(
    ctx,
    step('policy.refresh_ip_allowlist', () =>
      verdictResult(evaluateRefreshAllowlist({ ip, app, flow }), refusals.restricted),
    ),
  )
  await check(
    ctx,
    step('policy.login_hours', () =>
      verdictResult(evaluateLoginHours(profile, input.now), refusals.restricted),
    ),
  )
  await check(
    ctx,
    step('policy.login_rate', () => {
      if (NOT_A_NEW_LOGIN.has(flow) && !state.forced.loginRate) {
        return skipped('the code exchange completes the login the login page already counted')
      }
      const verdict = countLogin(engine.policy.loginRate, {
        userId: user.id,
        username: user.username,
        org: engine.org(),
        now: input.now,
        forcedBy: state.forced.loginRate && faultLabel(state.forced.loginRate),
      })
      return verdictResult(verdict, () => refusals.rateExceeded(verdict.retryAfterSeconds ?? 60))
    }),
  )
}

/**
 * The login page's policy steps (flow `authorize`), run once the password is right. A
 * refusal keeps the person on the login page with the message Salesforce's page shows,
 * which never says which check failed; the trace says it. Answers the message, or
 * undefined when the login may go on.
 */
export async function loginPageRefusal(
  ctx: HasStepLog,
  input: Omit<LoginPolicyInput, 'flow' | 'grantId'>,
): Promise<string | undefined> {
  try {
    await checkLoginPolicies(ctx, { ...input, flow: 'authorize' }, TOKEN_REFUSALS)
    return undefined
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err
    return err.error === 'rate_limit_exceeded' ? LOGIN_FAILED_MESSAGE : LOGIN_RESTRICTED_MESSAGE
  }
}
