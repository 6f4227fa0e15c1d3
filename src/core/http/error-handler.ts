import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { OAuthError, RestApiError } from '../salesforce/errors'
import { ADMIN_API_PREFIX } from '../../shared/admin-api'

/** Which family of error body a path answers with. */
export type ErrorSurface = 'oauth' | 'rest' | 'admin'

export function surfaceOf(url: string): ErrorSurface {
  if (url.startsWith('/services/data')) return 'rest'
  if (url.startsWith(ADMIN_API_PREFIX)) return 'admin'
  return 'oauth'
}

/**
 * Busboy's errors for a broken multipart body carry no HTTP status; they are the client's
 * malformed request, not a server fault.
 */
function isMalformedMultipart(err: Error): boolean {
  return (
    typeof (err as FastifyError).statusCode !== 'number' &&
    /^(Unexpected end of (form|multipart data)|Malformed part header|Multipart: Boundary not found)/i.test(
      err.message,
    )
  )
}

/** Fastify's own client errors (body too large, bad JSON, bad content type …) in plain words. */
function clientErrorMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large'
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `unsupported content type`
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'JSON body is empty'
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return err.message
    default:
      return isMalformedMultipart(err) ? 'malformed request body' : err.message || 'bad request'
  }
}

/**
 * The single catch for everything thrown in a route. Protocol errors serialize as
 * Salesforce does for their surface; unexpected errors are logged (without request bodies)
 * and answered as a 500 with no internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const surface = surfaceOf(request.url)
    if (err instanceof OAuthError) {
      reply.code(err.status).headers(err.headers)
      return surface === 'rest'
        ? reply.send([{ message: err.description, errorCode: err.error }])
        : reply.send(err.toJSON())
    }
    if (err instanceof RestApiError) return reply.code(err.status).send(err.items)

    const status = isMalformedMultipart(err) ? 400 : (err as FastifyError).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = clientErrorMessage(err as FastifyError)
      reply.code(status)
      if (surface === 'rest') return reply.send([{ message, errorCode: 'JSON_PARSER_ERROR' }])
      if (surface === 'admin') return reply.send({ error: 'bad_request', message })
      return reply.send({ error: 'invalid_request', error_description: message })
    }

    request.log.error({ err }, 'unexpected error')
    reply.code(500)
    if (surface === 'rest') {
      return reply.send([
        { message: 'An unexpected error occurred.', errorCode: 'UNKNOWN_EXCEPTION' },
      ])
    }
    if (surface === 'admin')
      return reply.send({ error: 'server_error', message: 'unexpected error' })
    return reply.send({ error: 'server_error', error_description: 'An unexpected error occurred' })
  })

  app.setNotFoundHandler((request, reply) => {
    const surface = surfaceOf(request.url)
    reply.code(404)
    if (surface === 'rest') {
      return reply.send([
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
      ])
    }
    if (surface === 'admin')
      return reply.send({ error: 'not_found', message: 'no such admin route' })
    return reply.type('text/plain; charset=utf-8').send('Not Found')
  })
}
