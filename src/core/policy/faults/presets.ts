import { OAuthError, RestApiError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import type { FaultEndpoint, FaultPreset } from '../../workspace/types'
import { AUTHORIZE_PAGES, type RequestFacts } from './facts'

/**
 * The named failures QA asks for most (DESIGN.md "Fault rules"). Each preset says where it
 * means something and what it does there. Where a real check produces the failure, the
 * preset arranges for that check to fail (the token is expired or revoked first, or the IP
 * or login-rate step is told to refuse), so the client sees exactly the answer, headers and
 * follow-up behaviour Salesforce's own failure would cause; otherwise it answers with
 * Salesforce's error in the endpoint's own shape.
 */

/** An error in each of the emulated org's wire shapes. */
export interface FaultAnswer {
  /** Token, revoke, introspect …: JSON; authorization pages: redirect or error page. */
  oauth: OAuthError
  /** REST API: a one-element JSON array. */
  rest: RestApiError
  /** UserInfo and the identity URL: a plain-text code. */
  identity: OAuthError
}

export type FaultPlan =
  | { kind: 'respond'; answer: FaultAnswer; apiUsage?: true }
  | { kind: 'expire' }
  | { kind: 'revoke' }
  | { kind: 'force'; check: 'ipRestricted' | 'loginRate' }
  | { kind: 'latency' }

export interface PresetDefinition {
  summary: string
  /** Endpoints where the preset means something; a rule does not match elsewhere. */
  appliesTo: readonly FaultEndpoint[]
  /** A further condition on the request (e.g. it must present a refresh token). */
  applies?(facts: RequestFacts): boolean
  /** Real-time delay before going on (slow-token-endpoint). */
  latencyMs?: number
  plan(facts: RequestFacts): FaultPlan
}

const rest = (status: number, errorCode: string, message: string) =>
  new RestApiError(status, [{ message, errorCode }])

const sessionInvalid = () => rest(401, 'INVALID_SESSION_ID', 'Session expired or invalid')

/** The same answer everywhere, in each shape. */
export function answerEverywhere(
  oauth: OAuthError,
  restError: RestApiError,
  identity: OAuthError = sfErrors.badOAuthToken(),
): FaultAnswer {
  return { oauth, rest: restError, identity }
}

const TOKEN_USERS: readonly FaultEndpoint[] = ['rest', 'userinfo', 'identity', 'introspect']
const hasToken = (kind: string) => (facts: RequestFacts) =>
  facts.tokens().some((token) => token.kind === kind)

export const SLOW_TOKEN_ENDPOINT_MS = 5_000

export const PRESETS: Record<FaultPreset, PresetDefinition> = {
  'expired-access-token': {
    summary:
      'Expires the access token the request presents; the real check then answers (REST 401 INVALID_SESSION_ID, identity 403 Bad_OAuth_Token, introspection active:false).',
    appliesTo: TOKEN_USERS,
    applies: hasToken('access_token'),
    plan: () => ({ kind: 'expire' }),
  },
  'revoked-refresh-token': {
    summary:
      'Revokes the grant of the refresh token (or access token) the request presents: refresh answers invalid_grant / expired access/refresh token, API calls 401.',
    appliesTo: ['token', 'revoke', ...TOKEN_USERS],
    applies: (facts) =>
      facts.endpoint === 'token' ? hasToken('refresh_token')(facts) : facts.tokens().length > 0,
    plan: () => ({ kind: 'revoke' }),
  },
  'user-not-approved': {
    summary:
      "Token endpoint: invalid_grant / user hasn't approved this consumer. Authorization: OAUTH_APP_ACCESS_DENIED back to the app.",
    appliesTo: ['token', ...AUTHORIZE_PAGES],
    plan: (facts) => ({
      kind: 'respond',
      answer: answerEverywhere(
        facts.endpoint === 'token' ? sfErrors.notApproved() : sfErrors.appAccessDenied(),
        sessionInvalid(),
      ),
    }),
  },
  'ip-restricted': {
    summary:
      'Makes the policy.ip step refuse the request: token endpoint invalid_grant / ip restricted or invalid login hours, login page "Your login attempt has failed…", API calls 401.',
    appliesTo: ['token', 'login', 'rest', 'userinfo', 'identity'],
    plan: () => ({ kind: 'force', check: 'ipRestricted' }),
  },
  'api-limit-exceeded': {
    summary:
      'REST API: 403 REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded." with Sforce-Limit-Info showing the allocation used up.',
    appliesTo: ['rest'],
    plan: () => ({
      kind: 'respond',
      apiUsage: true,
      answer: answerEverywhere(
        new OAuthError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 403),
        rest(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      ),
    }),
  },
  'login-rate-exceeded': {
    summary:
      'Makes the policy.login_rate step refuse the login: token endpoint 429 rate_limit_exceeded / number of logins exceeded with Retry-After.',
    appliesTo: ['token', 'login'],
    plan: () => ({ kind: 'force', check: 'loginRate' }),
  },
  'insufficient-scope': {
    summary:
      'REST: 401 "This session is not valid for use with the REST API" (jsforce does not refresh); identity 403 Bad_OAuth_Token; token and authorization: invalid_scope.',
    appliesTo: ['rest', 'userinfo', 'identity', 'token', 'authorize'],
    plan: () => ({
      kind: 'respond',
      answer: answerEverywhere(
        sfErrors.invalidScope(),
        rest(401, 'INVALID_SESSION_ID', 'This session is not valid for use with the REST API'),
      ),
    }),
  },
  'invalid-client-secret': {
    summary:
      'Token endpoint: invalid_client / invalid client credentials (400); introspection and revocation: 401 invalid_client.',
    appliesTo: ['token', 'introspect', 'revoke'],
    plan: (facts) => ({
      kind: 'respond',
      answer: answerEverywhere(
        facts.endpoint === 'token'
          ? sfErrors.invalidClient()
          : sfErrors.invalidClientUnauthorized(),
        sessionInvalid(),
      ),
    }),
  },
  'consent-denied': {
    summary:
      'Authorization: the app gets access_denied / end-user denied authorization, as if the user clicked Deny.',
    appliesTo: [...AUTHORIZE_PAGES],
    plan: () => ({
      kind: 'respond',
      answer: answerEverywhere(sfErrors.accessDenied(), sessionInvalid()),
    }),
  },
  'server-unavailable': {
    summary:
      'Every endpoint answers 503 with Retry-After: OAuth JSON service_unavailable, REST SERVER_UNAVAILABLE, an error page for the authorization pages.',
    appliesTo: [
      'authorize',
      'login',
      'continue',
      'consent',
      'token',
      'revoke',
      'introspect',
      'userinfo',
      'identity',
      'jwks',
      'discovery',
      'device',
      'rest',
    ],
    plan: () => ({
      kind: 'respond',
      answer: answerEverywhere(
        sfErrors.serviceUnavailable(),
        rest(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please try again later.'),
        new OAuthError('Service_Unavailable', 'Service_Unavailable', 503, { 'retry-after': '30' }),
      ),
    }),
  },
  'slow-token-endpoint': {
    summary: `Token endpoint: waits ${SLOW_TOKEN_ENDPOINT_MS / 1000} s (or the rule's latencyMs), then answers normally.`,
    appliesTo: ['token'],
    latencyMs: SLOW_TOKEN_ENDPOINT_MS,
    plan: () => ({ kind: 'latency' }),
  },
}

/** Whether a preset means something for this request (else the rule does not match it). */
export function presetApplies(name: FaultPreset, facts: RequestFacts): boolean {
  const preset = PRESETS[name]
  if (!preset.appliesTo.includes(facts.endpoint)) return false
  return preset.applies ? preset.applies(facts) : true
}
