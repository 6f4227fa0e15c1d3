import type { FastifyReply } from 'fastify'
import { sfErrors } from '../../salesforce/oauth-errors'
import type { ExchangeTrace } from '../exchange-trace'
import { FORMAT_CONTENT_TYPES, negotiateFormat, serialize, type ResponseFormat } from '../formats'
import { param, type Params } from '../params'
import { check, skipped, step } from '../steps'

/**
 * How the identity URL answers (reference §6): `format=json|xml|urlencoded` (or Accept),
 * `version=` filling the `{version}` placeholders of `urls`, and JSONP with `callback=`.
 */
export interface IdentityRendering {
  format: ResponseFormat
  version?: string
  callback?: string
}

/** JSONP callback names: a plain dotted identifier, so the body cannot carry script. */
const CALLBACK_NAME = /^[A-Za-z_$][\w$.]{0,63}$/

/** API versions as Salesforce writes them (`58.0`); a bare major (`58`) gets `.0`. */
const VERSION = /^(\d{1,3})(\.\d)?$/

/** The XML root of Salesforce's identity response. */
const XML_ROOT = 'user'

export async function readIdentityRendering(
  trace: ExchangeTrace,
  params: Params,
  accept: string | undefined,
): Promise<IdentityRendering> {
  const rendering: IdentityRendering = { format: 'json' }
  const callback = param(params, 'callback')
  await check(
    trace,
    step('jsonp.callback', () => {
      if (callback === undefined) return skipped('no callback parameter')
      if (!CALLBACK_NAME.test(callback)) {
        throw sfErrors
          .invalidRequest('invalid callback')
          .because(`callback ${JSON.stringify(callback.slice(0, 80))} is not a plain identifier`)
      }
      rendering.callback = callback
      return `JSONP: the JSON answer is wrapped in ${callback}(…)`
    }),
  )
  await check(
    trace,
    step('response.format', () => {
      if (rendering.callback) return 'json (a JSONP answer is always JSON)'
      const choice = negotiateFormat(param(params, 'format'), accept)
      rendering.format = choice.format
      return `${choice.format}: ${choice.why}`
    }),
  )
  const version = param(params, 'version')
  await check(
    trace,
    step('identity.version', () => {
      if (version === undefined) return skipped('no version parameter: urls keep {version}')
      const match = VERSION.exec(version)
      if (!match) {
        return skipped(
          `version ${JSON.stringify(version.slice(0, 20))} is not an API version like 58.0: urls keep {version}`,
        )
      }
      rendering.version = `${match[1]}${match[2] ?? '.0'}`
      return `urls filled in for API version ${rendering.version}`
    }),
  )
  return rendering
}

type Plain = string | number | boolean | null | undefined | Plain[] | { [key: string]: Plain }

function fillVersion(value: Plain, version: string): Plain {
  if (typeof value === 'string') return value.replaceAll('{version}', version)
  if (Array.isArray(value)) return value.map((item) => fillVersion(item, version))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillVersion(v, version)]))
  }
  return value
}

export function sendIdentity(
  reply: FastifyReply,
  document: Record<string, unknown>,
  rendering: IdentityRendering,
): FastifyReply {
  const doc = (
    rendering.version ? fillVersion(document as Plain, rendering.version) : document
  ) as Record<string, Plain>
  if (rendering.callback) {
    return reply
      .code(200)
      .type('application/javascript; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .send(`${rendering.callback}(${JSON.stringify(doc)})`)
  }
  return reply
    .code(200)
    .type(FORMAT_CONTENT_TYPES[rendering.format])
    .send(serialize(rendering.format, XML_ROOT, doc))
}
