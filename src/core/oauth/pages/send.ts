import type { FastifyInstance, FastifyReply } from 'fastify'
import { PAGE_CSP, pageSecurityHeaders } from '../../http/security-headers'
import { LOGIN_CSS_PATH } from './layout'
import { LOGIN_CSS } from './styles'

/**
 * Pages carry credentials forms and one-time state: never cached, never framed, never
 * leaking a Referer.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...pageSecurityHeaders,
  'cache-control': 'no-store',
  pragma: 'no-cache',
}

/**
 * The CSP source a form on the page may end up at. Chromium applies `form-action` to every
 * redirect that follows a form post too, so the login and consent forms, whose answers
 * redirect to the app's (verified) callback, must name its origin — or its scheme, for
 * custom-scheme mobile callbacks.
 */
export function formTargetSource(redirectUri: string): string | undefined {
  try {
    const url = new URL(redirectUri)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol
  } catch {
    return undefined
  }
}

function cspWithFormTargets(targets: readonly string[]): string {
  return PAGE_CSP.split('; ')
    .map((directive) =>
      directive.startsWith('form-action ') ? [directive, ...targets].join(' ') : directive,
    )
    .join('; ')
}

/**
 * Sends an HTML page. `formTargets`: verified redirect URIs the page's form may lead to.
 */
export function sendPage(
  reply: FastifyReply,
  status: number,
  page: string,
  formTargets: readonly string[] = [],
): FastifyReply {
  const sources = formTargets.map(formTargetSource).filter((s): s is string => Boolean(s))
  const headers = sources.length
    ? { ...PAGE_HEADERS, 'content-security-policy': cspWithFormTargets(sources) }
    : PAGE_HEADERS
  return reply.code(status).headers(headers).type('text/html; charset=utf-8').send(page)
}

/**
 * Salesforce answers an unknown client or a bad redirect URI with a bare text body in the
 * query-string shape (`error=…&error_description=…`), not HTML and not a redirect.
 */
export function sendPlainError(
  reply: FastifyReply,
  error: string,
  description: string,
  status = 400,
): FastifyReply {
  const body = new URLSearchParams({ error, error_description: description })
    .toString()
    .replace(/\+/g, '%20')
  return reply.code(status).headers(PAGE_HEADERS).type('text/plain; charset=utf-8').send(body)
}

/** The pages' stylesheet, from our own origin. */
export function registerPageAssets(app: FastifyInstance): void {
  app.get(LOGIN_CSS_PATH, (_request, reply) =>
    reply
      .headers({
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
        'cache-control': 'public, max-age=300',
      })
      .type('text/css; charset=utf-8')
      .send(LOGIN_CSS),
  )
}
