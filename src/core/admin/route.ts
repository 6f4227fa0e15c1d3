import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { AdminIssue } from '../../shared/admin-api'
import { formatPath, plainErrorMap } from '../workspace/errors'
import { invalidRequest } from './errors'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

type Schema = z.ZodType
type Out<S> = S extends z.ZodType ? z.output<S> : undefined

export interface RouteInput<P, Q, B> {
  params: P
  query: Q
  body: B
  request: FastifyRequest
  reply: FastifyReply
}

/**
 * One admin API operation: where it lives, what it accepts (zod schemas, which validate the
 * request and describe it in the OpenAPI document) and what it answers.
 */
export interface AdminRoute<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> {
  method: HttpMethod
  /** OpenAPI-style path under the admin prefix, e.g. `/apps/{consumerKey}`. */
  path: string
  operationId: string
  tag: string
  summary: string
  description?: string
  params?: P
  query?: Q
  body?: B
  /** The component documenting a body the handler validates itself (`Workspace`). */
  bodyDocs?: string
  bodyLimit?: number
  response: {
    status: number
    description: string
    /** Omitted for empty answers (204) and streams. */
    schema?: Schema
    /** A component documenting the answer instead of a schema (`Workspace`). */
    component?: string
    contentType?: string
  }
  /** Error statuses this route can answer besides 400 (bad input) and 401. */
  errors?: number[]
  handler(input: RouteInput<Out<P>, Out<Q>, Out<B>>): unknown
}

/** Declares a route with its schemas' types flowing into the handler. */
export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: AdminRoute<P, Q, B>): AdminRoute {
  return spec as unknown as AdminRoute
}

function issuesOf(error: z.ZodError, location: AdminIssue['in']): AdminIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          in: location,
          path: formatPath([...issue.path, key]),
          message: 'unknown field',
        }))
      : [{ in: location, path: formatPath(issue.path), message: issue.message }],
  )
}

function validate(schema: Schema | undefined, value: unknown, location: AdminIssue['in']): unknown {
  if (!schema) return undefined
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}), {
    error: plainErrorMap,
  })
  if (!result.success) throw invalidRequest(issuesOf(result.error, location))
  return result.data
}

/** `/apps/{consumerKey}` → `/apps/:consumerKey` */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1')
}

/**
 * Mounts routes on the admin scope. Path parameters, query and body are validated in that
 * order (the first that fails answers 400 with every issue it found); the handler's value is
 * sent with the route's success status unless the handler answered itself.
 */
export function mountRoutes(admin: FastifyInstance, routes: readonly AdminRoute[]): void {
  for (const spec of routes) {
    admin.route({
      method: spec.method,
      url: fastifyPath(spec.path),
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (request, reply) => {
        const params = validate(spec.params, request.params, 'params')
        const query = validate(spec.query, request.query, 'query')
        const body = validate(spec.body, request.body, 'body')
        const result = await spec.handler({ params, query, body, request, reply })
        if (reply.sent || reply.raw.headersSent) return reply
        reply.code(spec.response.status)
        if (spec.response.contentType) reply.type(spec.response.contentType)
        return result === undefined ? reply.send() : reply.send(result)
      },
    })
  }
}
