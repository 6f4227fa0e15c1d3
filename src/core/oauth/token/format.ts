import type { FastifyRequest } from 'fastify'
import { negotiateFormat, type ResponseFormat } from '../formats'
import { param, type Params } from '../params'
import { decide, decided } from './decide'
import type { TokenRequestContext } from './context'
import type { MaybePromise } from '../steps'

/** The format chosen for each token request, for the error handler to answer in. */
const chosen = new WeakMap<FastifyRequest, ResponseFormat>()

function accept(request: FastifyRequest): string | undefined {
  const header = request.headers.accept
  return Array.isArray(header) ? header.join(', ') : header
}

/**
 * `response.format`: `format=json|urlencoded|xml`, else the Accept header, else JSON — for
 * successes and errors alike (reference §2). Decided right after the parameters are read, so
 * every later failure is answered in it.
 */
export function chooseResponseFormat(
  ctx: TokenRequestContext,
  params: Params,
): MaybePromise<ResponseFormat> {
  return decide(ctx, 'response.format', () => {
    const choice = negotiateFormat(param(params, 'format'), accept(ctx.request))
    chosen.set(ctx.request, choice.format)
    return decided(choice.format, `${choice.format}: ${choice.why}`)
  })
}

/** A plain string field of a parsed body or query, if there is exactly one. */
function rawField(source: unknown, name: string): string | undefined {
  if (!source || typeof source !== 'object' || Buffer.isBuffer(source)) return undefined
  const value = (source as Record<string, unknown>)[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * The format a failed request is answered in: the one chosen, or — when the request failed
 * before the choice (method, content type, repeated parameters) — read leniently from what
 * was sent.
 */
export function responseFormatOf(request: FastifyRequest): ResponseFormat {
  const known = chosen.get(request)
  if (known) return known
  const formatParam = rawField(request.body, 'format') ?? rawField(request.query, 'format')
  return negotiateFormat(formatParam, accept(request)).format
}
