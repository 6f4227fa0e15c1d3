import type { FastifyError, FastifyInstance } from 'fastify'
import type { AdminErrorBody, AdminIssue } from '../../shared/admin-api'
import { WorkspaceValidationError } from '../workspace'

/** An admin API refusal: a status, a stable code, plain words and, for bad input, the paths. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: AdminIssue[],
  ) {
    super(message)
    this.name = 'AdminError'
  }

  toJSON(): AdminErrorBody {
    return this.issues
      ? { error: this.code, message: this.message, issues: this.issues }
      : { error: this.code, message: this.message }
  }
}

const listIssues = (issues: AdminIssue[]) =>
  issues
    .slice(0, 5)
    .map((issue) => `${issue.in ? `${issue.in}.` : ''}${issue.path}: ${issue.message}`)
    .join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '')

export function invalidRequest(issues: AdminIssue[]): AdminError {
  return new AdminError(
    400,
    'invalid_request',
    `the request is not valid: ${listIssues(issues)}`,
    issues,
  )
}

export function invalidWorkspace(issues: AdminIssue[]): AdminError {
  return new AdminError(
    400,
    'invalid_workspace',
    `the workspace would not be valid: ${listIssues(issues)}`,
    issues,
  )
}

export function notFound(what: string): AdminError {
  return new AdminError(404, 'not_found', what)
}

/** A workspace validation failure as the admin API reports it (the body is the workspace). */
export function fromWorkspaceError(error: WorkspaceValidationError): AdminError {
  return invalidWorkspace(error.issues.map((issue) => ({ in: 'body', ...issue })))
}

/**
 * The admin scope's error handler: admin errors and workspace validation errors with their
 * bodies, Fastify's own client errors (bad JSON, body too large …) in the admin shape, and
 * anything else as a bare 500.
 */
export function installAdminErrorHandler(admin: FastifyInstance): void {
  admin.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof AdminError) return reply.code(err.status).send(err.toJSON())
    if (err instanceof WorkspaceValidationError) {
      const admin = fromWorkspaceError(err)
      return reply.code(admin.status).send(admin.toJSON())
    }
    const status = (err as FastifyError).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const body: AdminErrorBody = { error: 'bad_request', message: err.message || 'bad request' }
      return reply.code(status).send(body)
    }
    request.log.error({ err }, 'unexpected admin API error')
    const body: AdminErrorBody = { error: 'server_error', message: 'unexpected error' }
    return reply.code(500).send(body)
  })
}
