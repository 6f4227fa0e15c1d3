import type { Gatehouse } from '../gatehouse'
import type { ExchangeTrace } from '../oauth/exchange-trace'
import type { OAuthError, RestApiError } from '../salesforce/errors'
import type { WorkspaceApp, WorkspaceUser } from '../workspace/types'
import { evaluateIpRestriction, type PolicyVerdict } from './ip-restrictions'
import { evaluateLoginHours } from './login-hours'
import { originFlow, requestClientIp } from './login-steps'
import { faultLabel, policyState } from './request-state'

/**
 * The policy steps of a call made with an access token (REST API, UserInfo, identity URL):
 *   client.ip           the address the call is judged by
 *   policy.ip           profile login IP ranges, with continuous IP enforcement only
 *   policy.login_hours  users outside their login hours can take no further action
 * The caller answers a failure in its own wire shape (REST: 401 INVALID_SESSION_ID;
 * identity service: 403 Bad_OAuth_Token).
 */
export interface ApiCaller {
  app: WorkspaceApp
  user: WorkspaceUser
  grantId: string
  /** The flow that started the grant, when the token lookup already read it. */
  grantFlow?: string
}

interface StepVerdict extends PolicyVerdict {
  name: string
}

function apiVerdicts(engine: Gatehouse, trace: ExchangeTrace, caller: ApiCaller): StepVerdict[] {
  const { app, user } = caller
  const resolved = requestClientIp(engine, trace, app, user)
  const verdicts: StepVerdict[] = [
    {
      name: 'client.ip',
      outcome: 'passed',
      detail: `client IP ${resolved.ip}: ${resolved.detail}`,
    },
  ]
  const profile = engine.store.workspace.profile(user.profile) ?? {
    name: user.profile,
    loginIpRanges: [],
    loginHours: undefined,
  }
  const forced = policyState(trace).forced.ipRestricted
  const ip = evaluateIpRestriction({
    ip: resolved.ip,
    profile,
    org: engine.org(),
    app,
    flow: 'api',
    originFlow: caller.grantFlow ?? originFlow(engine, caller.grantId),
    forcedBy: forced && faultLabel(forced),
  })
  verdicts.push({ name: 'policy.ip', ...ip })
  if (ip.outcome === 'failed') return verdicts
  verdicts.push({ name: 'policy.login_hours', ...evaluateLoginHours(profile, engine.clock.now()) })
  return verdicts
}

/**
 * Records the steps and throws the endpoint's error at the first failure. `record` writes a
 * failed step with that error (each endpoint family records its errors its own way).
 */
export function checkApiPolicies<E extends OAuthError | RestApiError>(
  engine: Gatehouse,
  trace: ExchangeTrace,
  caller: ApiCaller,
  refuse: () => E,
  record: (name: string, detail: string, error: E) => void,
): void {
  for (const verdict of apiVerdicts(engine, trace, caller)) {
    if (verdict.outcome === 'passed') trace.log.pass(verdict.name, verdict.detail)
    else if (verdict.outcome === 'skipped') trace.log.skip(verdict.name, verdict.detail)
    else {
      const error = refuse()
      record(verdict.name, verdict.detail, error)
      throw error
    }
  }
}
