import { sfErrors } from '../../salesforce/oauth-errors'
import { readParams, param, type Params } from '../params'
import { check, step, type MaybePromise } from '../steps'
import { decide, decided } from './decide'
import type { TokenGrant, TokenRequestContext } from './context'

/** The two body encodings Salesforce's token endpoint reads (reference §4). */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase()
}

function hasBody(ctx: TokenRequestContext): boolean {
  const length = ctx.request.headers['content-length']
  return (
    ctx.request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && length !== '0')
  )
}

/**
 * Only POST reaches a grant. Salesforce answers any other method with
 * unsupported_grant_type (its own http→https redirect turns a POST into a GET, and that GET
 * then fails this way), so we do the same rather than 405.
 */
export const requestMethod = step<TokenRequestContext>('request.method', (ctx) => {
  const method = ctx.request.method
  if (method !== 'POST') {
    throw sfErrors
      .unsupportedGrantType()
      .because(
        `${method} is not allowed on the token endpoint; Salesforce answers every non-POST request with unsupported_grant_type`,
      )
  }
  return 'POST'
})

/** Form bodies only: a JSON or text body is refused as invalid_request, never parsed. */
export const requestContentType = step<TokenRequestContext>('request.content_type', (ctx) => {
  const type = mediaType(ctx.request.headers['content-type'])
  if (FORM_TYPES.includes(type)) return type
  if (type === '' && !hasBody(ctx)) return 'no body: parameters come from the query string only'
  throw sfErrors
    .unsupportedContentType()
    .because(
      `the body is ${type || 'of no declared type'}; the token endpoint reads only application/x-www-form-urlencoded and multipart/form-data`,
    )
})

/**
 * Reads the parameters from the body and the query string (Salesforce accepts both). A
 * parameter that appears twice is refused rather than coerced (RFC 6749 §3.2).
 */
export function readTokenParams(ctx: TokenRequestContext): MaybePromise<Params> {
  return decide(ctx, 'params.unique', () => {
    const params = readParams(ctx.request.body, ctx.request.query)
    const names = [...params.keys()]
    return decided(
      params,
      names.length ? `each parameter appears once: ${names.join(', ')}` : 'no parameters were sent',
    )
  })
}

/** Picks the grant implementation for `grant_type`; anything else is unsupported_grant_type. */
export function selectGrant(
  ctx: TokenRequestContext,
  params: Params,
  grants: ReadonlyMap<string, TokenGrant>,
): MaybePromise<TokenGrant> {
  return decide(ctx, 'grant_type.supported', () => {
    const grantType = param(params, 'grant_type')
    if (grantType === undefined) {
      throw sfErrors.unsupportedGrantType().because('the request has no grant_type parameter')
    }
    ctx.trace.grantType = grantType
    const grant = grants.get(grantType)
    if (!grant) {
      throw sfErrors
        .unsupportedGrantType()
        .because(
          `grant_type ${grantType} is not one this server handles (${[...grants.keys()].join(', ')})`,
        )
    }
    return decided(grant, `grant_type ${grantType}`)
  })
}

/** Runs the checks every token request goes through before its grant type is known. */
export async function checkRequestShape(ctx: TokenRequestContext): Promise<void> {
  await check(ctx, requestMethod)
  await check(ctx, requestContentType)
}
