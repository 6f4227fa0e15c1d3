import type { FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { constantTimeEqual } from '../../tokens/random'
import type { WorkspaceUser } from '../../workspace'
import type { ExchangeTrace } from '../exchange-trace'
import { param, type Params } from '../params'
import { skipped, step, type HasStepLog } from '../steps'
import { established } from './context'
import { openPendingRequest, type PendingRequest } from './pending'
import type { BrowserSession } from './session'

/** What the login and consent form handlers share. */
export interface FormContext extends HasStepLog {
  engine: Gatehouse
  trace: ExchangeTrace
  request: FastifyRequest
  form: Params
  session: BrowserSession | undefined
  pending?: PendingRequest
  user?: WorkspaceUser
}

/** A form that did not come from our own page: 403, nothing granted (security case 11). */
export const forbiddenForm = (description: string): OAuthError =>
  new OAuthError('invalid_request', description, 403)

function ownOrigins(ctx: FormContext): string[] {
  const origins = [new URL(ctx.engine.baseUrl).origin]
  const host = ctx.request.headers.host
  if (host) origins.push(`http://${host.toLowerCase()}`)
  return origins
}

/**
 * The form must come from our own pages. Browsers send `Origin: null` for a form posted from
 * a page whose Referrer-Policy is no-referrer (ours), so `null` alone proves nothing either
 * way and the CSRF token decides; a named foreign origin, or Sec-Fetch-Site saying the post
 * came from another site, is refused outright.
 */
export const formOrigin = step<FormContext>('request.origin', (ctx) => {
  const origin = ctx.request.headers.origin
  const fetchSite = ctx.request.headers['sec-fetch-site']
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw forbiddenForm('invalid request origin').because(
      `Sec-Fetch-Site is "${fetchSite}": the form was posted from another site`,
    )
  }
  if (origin === undefined) return skipped('no Origin header (not a browser form post)')
  if (origin === 'null') return 'Origin is "null" (no-referrer page); the CSRF token decides'
  if (!ownOrigins(ctx).includes(origin.toLowerCase())) {
    throw forbiddenForm('invalid request origin').because(
      `Origin ${origin} is not this server (${ownOrigins(ctx).join(' or ')})`,
    )
  }
  return `Origin ${origin} is this server`
})

export const pendingRequest = step<FormContext>('request.pending', (ctx) => {
  ctx.pending = openPendingRequest(ctx.engine, param(ctx.form, 'request_id'))
  return `pending authorization request ${ctx.pending.id} is open`
})

export const formCsrf = step<FormContext>('request.csrf', (ctx) => {
  const pending = established(ctx.pending, 'the pending request')
  const presented = param(ctx.form, 'csrf')
  // Compared in constant time even when absent, like every other secret.
  const matches = constantTimeEqual(presented ?? '', pending.csrf)
  if (!presented || !matches) {
    throw forbiddenForm('invalid csrf token').because(
      presented
        ? 'the csrf token does not match the pending request'
        : 'the form carries no csrf token',
    )
  }
  return 'csrf token matches the pending request'
})
