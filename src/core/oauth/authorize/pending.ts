import type { Gatehouse } from '../../gatehouse'
import { OAuthError } from '../../salesforce/errors'
import { randomToken } from '../../tokens/random'
import type { ValidAuthorizeRequest } from './request'

/**
 * A pending authorization request: the validated parameters, kept on the server between
 * the login and consent pages and named in the forms by a random id. Its CSRF token binds
 * the forms to it. It expires after 15 minutes and completes once (consume-once).
 */
export const PENDING_LIFETIME_MS = 15 * 60 * 1000

export interface PendingRequest {
  id: string
  csrf: string
  raw: Record<string, string>
  appKey: string
  /** Who logged in on this request (set by the login form). */
  userId: string | null
}

export function createPendingRequest(
  engine: Gatehouse,
  request: ValidAuthorizeRequest,
): PendingRequest {
  const now = engine.clock.now()
  const pending: PendingRequest = {
    id: randomToken(24),
    csrf: randomToken(32),
    raw: request.raw,
    appKey: request.app.consumerKey,
    userId: null,
  }
  engine.oauth.store.insertAuthorizeRequest({
    id: pending.id,
    csrf: pending.csrf,
    params: JSON.stringify(pending.raw),
    app_key: pending.appKey,
    created_at: now,
    expires_at: now + PENDING_LIFETIME_MS,
  })
  return pending
}

/** Not usable any more: answered with the error page, never redirected. */
export const requestExpired = (): OAuthError =>
  new OAuthError('invalid_request', 'authorization request expired or already used')

/** Loads a pending request that is still open, or throws (for the `request.pending` step). */
export function openPendingRequest(engine: Gatehouse, id: string | undefined): PendingRequest {
  if (!id) throw requestExpired().because('the form carries no request_id')
  const row = engine.oauth.store.findAuthorizeRequest(id)
  if (!row) throw requestExpired().because(`no pending authorization request has id ${id}`)
  if (row.done) throw requestExpired().because('this authorization request was already completed')
  const now = engine.clock.now()
  if (row.expires_at <= now) {
    throw requestExpired().because(
      `the request expired ${Math.round((now - row.expires_at) / 1000)} s ago (requests live 15 minutes)`,
    )
  }
  return {
    id: row.id,
    csrf: row.csrf,
    raw: JSON.parse(row.params) as Record<string, string>,
    appKey: row.app_key,
    userId: row.user_id,
  }
}
