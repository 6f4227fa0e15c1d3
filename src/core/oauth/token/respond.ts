import type { FastifyReply } from 'fastify'
import { noStoreHeaders } from '../../http/security-headers'
import type { OAuthError } from '../../salesforce/errors'
import { FORMAT_CONTENT_TYPES, serialize, type ResponseFormat } from '../formats'

/** Salesforce's token responses are JSON with this exact content type by default. */
export const TOKEN_CONTENT_TYPE = FORMAT_CONTENT_TYPES.json

/** The root element of Salesforce's XML token responses. */
const XML_ROOT = 'OAuth'

type Fields = Record<string, string | number | boolean | undefined>

/**
 * Writes a successful token-endpoint response (a token response, a device authorization
 * response …) in the negotiated format, never cached (RFC 6749 §5.1).
 */
export function sendTokenResponse(
  reply: FastifyReply,
  response: object,
  format: ResponseFormat = 'json',
): FastifyReply {
  return reply
    .code(200)
    .headers(noStoreHeaders)
    .type(FORMAT_CONTENT_TYPES[format])
    .send(serialize(format, XML_ROOT, response as Fields))
}

/** Writes an error the way the success would have been written: same format, its status. */
export function sendTokenError(
  reply: FastifyReply,
  err: OAuthError,
  format: ResponseFormat,
): FastifyReply {
  return reply
    .code(err.status)
    .headers({ ...noStoreHeaders, ...err.headers })
    .type(FORMAT_CONTENT_TYPES[format])
    .send(serialize(format, XML_ROOT, err.toJSON()))
}
