import type { FastifyReply } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { sfErrors } from '../../salesforce/oauth-errors'
import { checkApiPolicies } from '../../policy/api-steps'
import { authenticateAccessToken } from '../../tokens/bearer'
import type { AccessTokenRow } from '../../store/oauth-store'
import type { WorkspaceApp, WorkspaceUser } from '../../workspace'
import type { ExchangeTrace } from '../exchange-trace'
import { check, step } from '../steps'
import { recordTokenChecks, recordTokenFailure } from './token-steps'

/**
 * Scopes that open Salesforce's identity service (UserInfo and the identity URL): `id` and
 * its synonyms `profile`, `email`, `address`, `phone`, plus `openid` and `full`.
 */
export const IDENTITY_SCOPES = ['openid', 'id', 'profile', 'email', 'address', 'phone', 'full']

/** An access token and where the request carried it (for the trace). */
export interface PresentedToken {
  token: string
  from: string
}

export interface IdentityCaller {
  row: AccessTokenRow
  app: WorkspaceApp
  user: WorkspaceUser
}

/**
 * The access checks both identity resources share: a token was presented (token.read), it is
 * one of ours and alive (token.lookup, token.active, token.app, user.active) and it carries
 * an identity scope (scope.identity). Failures are Salesforce's plain-text 403s.
 */
export async function requireIdentityToken(
  trace: ExchangeTrace,
  engine: Gatehouse,
  presented: PresentedToken | undefined,
  expected: string,
): Promise<IdentityCaller> {
  await check(
    trace,
    step('token.read', () => {
      if (!presented) {
        throw sfErrors.missingOAuthToken().because(`no access token: expected ${expected}`)
      }
      return `access token read from ${presented.from}`
    }),
  )

  const auth = authenticateAccessToken(engine, presented!.token)
  recordTokenChecks(trace.log, auth.checks)
  if (auth.row) {
    trace.appKey = auth.row.app_key
    trace.userId = auth.row.user_id
    trace.grantId = auth.row.grant_id
  }
  if (!auth.ok) throw recordTokenFailure(trace.log, auth, sfErrors.badOAuthToken())
  trace.appName = auth.app.name
  trace.username = auth.user.username
  // Continuous IP enforcement and login hours (src/core/policy): 403 like a dead token.
  checkApiPolicies(
    engine,
    trace,
    { app: auth.app, user: auth.user, grantId: auth.row.grant_id, grantFlow: auth.grantFlow },
    sfErrors.badOAuthToken,
    (name, detail, error) => trace.log.fail(name, error.because(detail)),
  )

  const scopes = auth.row.scopes.split(' ').filter(Boolean)
  await check(
    trace,
    step('scope.identity', () => {
      const opening = scopes.filter((s) => IDENTITY_SCOPES.includes(s))
      if (!opening.length) {
        throw sfErrors
          .badOAuthToken()
          .because(
            `the token's scopes (${scopes.join(' ') || 'none'}) include none of ${IDENTITY_SCOPES.join(', ')}`,
          )
      }
      return `the token carries ${opening.join(', ')}`
    }),
  )
  return { row: auth.row, app: auth.app, user: auth.user }
}

/** The identity service's error codes, answered as a plain-text body holding just the code. */
const PLAIN_TEXT_ERRORS = new Set(['Missing_OAuth_Token', 'Bad_OAuth_Token', 'Wrong_Org', 'Bad_Id'])

/**
 * Sends an identity-service error as Salesforce does (`403` with body `Bad_OAuth_Token`);
 * anything else goes back to the shared error handler.
 */
export function sendIdentityError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof OAuthError && PLAIN_TEXT_ERRORS.has(err.error)) {
    return reply.code(err.status).type('text/plain; charset=utf-8').send(err.error)
  }
  throw err
}
