import type { FastifyReply } from 'fastify'
import { noStoreHeaders } from '../../http/security-headers'
import type { TokenResponse } from '../../tokens/issue'

/** Salesforce's token responses are JSON with this exact content type. */
export const TOKEN_CONTENT_TYPE = 'application/json;charset=UTF-8'

/** Writes a successful token response: JSON, never cached (RFC 6749 §5.1). */
export function sendTokenResponse(reply: FastifyReply, response: TokenResponse): FastifyReply {
  return reply
    .code(200)
    .headers(noStoreHeaders)
    .type(TOKEN_CONTENT_TYPE)
    .send(JSON.stringify(response))
}
