import type { FastifyReply } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import type { OAuthError } from '../../salesforce/errors'
import { errorPage } from '../pages/error-page'
import type { Display } from '../pages/layout'
import { sendPage, sendPlainError } from '../pages/send'
import { errorResponseUrl, type ResponseMode } from './redirect'

/** 302 for the GET that started a flow; 303 after a form POST, so nothing is re-posted (case 10). */
export type RedirectStatus = 302 | 303

/** Redirects carry codes and errors for the client: never cached, never leaked as a Referer. */
export function redirect(
  reply: FastifyReply,
  location: string,
  status: RedirectStatus,
): FastifyReply {
  return reply
    .code(status)
    .headers({
      location,
      'cache-control': 'no-store',
      pragma: 'no-cache',
      'referrer-policy': 'no-referrer',
    })
    .send()
}

export function redirectError(
  engine: Gatehouse,
  reply: FastifyReply,
  target: { redirectUri: string; state: string | undefined; responseMode?: ResponseMode },
  err: OAuthError,
  status: RedirectStatus,
): FastifyReply {
  return redirect(
    reply,
    errorResponseUrl(target.redirectUri, err, target.state, engine.baseUrl, target.responseMode),
    status,
  )
}

/** Unknown client or unverified redirect URI: Salesforce's bare text page, no redirect. */
export function refuse(reply: FastifyReply, err: OAuthError): FastifyReply {
  return sendPlainError(reply, err.error, err.description, err.status)
}

/** Headline and explanation for the errors answered with the HTML error page. */
function explain(err: OAuthError): { heading: string; message: string } {
  if (err.status === 403) {
    return {
      heading: "This form can't be accepted",
      message:
        'The form was not sent from this login page, or its security token is missing or wrong. No access was granted.',
    }
  }
  if (err.description.startsWith('authorization request expired')) {
    return {
      heading: 'This login request has expired',
      message:
        'Login requests are valid for 15 minutes and can be completed only once. No access was granted.',
    }
  }
  return {
    heading: "We can't process this request",
    message: 'The authorization request is not valid, so the app could not be sent a response.',
  }
}

export function showErrorPage(
  engine: Gatehouse,
  reply: FastifyReply,
  err: OAuthError,
  display: Display = 'page',
): FastifyReply {
  const page = errorPage({
    ...explain(err),
    error: err.error,
    description: err.description,
    display,
    orgName: engine.store.workspace.org()?.name,
  })
  return sendPage(reply, err.status, page)
}
