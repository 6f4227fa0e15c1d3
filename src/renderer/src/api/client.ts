import type { AdminErrorBody } from '../../../shared/admin-api'
import type { Connection } from './connection'

/** An admin API call that failed: an HTTP error with Gatehouse's error body, or no answer at all. */
export class AdminApiError extends Error {
  readonly status: number
  readonly code: string
  readonly method: string
  readonly path: string
  readonly issues: Array<{ path: string; message: string }>

  constructor(options: {
    status: number
    code: string
    message: string
    method: string
    path: string
    issues?: Array<{ path: string; message: string }>
  }) {
    super(options.message)
    this.name = 'AdminApiError'
    this.status = options.status
    this.code = options.code
    this.method = options.method
    this.path = options.path
    this.issues = options.issues ?? []
  }

  /** No HTTP answer: the server is down or unreachable. */
  get isNetworkError(): boolean {
    return this.status === 0
  }

  get isUnauthorized(): boolean {
    return this.status === 401
  }
}

function isErrorBody(value: unknown): value is AdminErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AdminErrorBody).error === 'string' &&
    typeof (value as AdminErrorBody).message === 'string'
  )
}

export interface AdminClient {
  readonly connection: Connection
  get<T>(path: string, init?: { signal?: AbortSignal }): Promise<T>
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>
}

export function createAdminClient(connection: Connection): AdminClient {
  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const url = connection.adminApi + (path.startsWith('/') ? path : '/' + path)
    const headers: Record<string, string> = {
      Authorization: `Bearer ${connection.adminToken}`,
      Accept: 'application/json',
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    let response: Response
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
        credentials: 'omit',
      })
    } catch (error) {
      if (signal?.aborted) throw error
      throw new AdminApiError({
        status: 0,
        code: 'unreachable',
        method,
        path,
        message: `Gatehouse did not answer at ${connection.origin} (${
          error instanceof Error ? error.message : String(error)
        }). Is the server still running?`,
      })
    }
    const text = await response.text()
    let parsed: unknown = undefined
    if (text) {
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
    }
    if (!response.ok) {
      if (isErrorBody(parsed)) {
        throw new AdminApiError({
          status: response.status,
          code: parsed.error,
          message: parsed.message,
          method,
          path,
          issues: parsed.issues,
        })
      }
      throw new AdminApiError({
        status: response.status,
        code: `http_${response.status}`,
        method,
        path,
        message: `${method} ${path} answered ${response.status} ${response.statusText}`.trim(),
      })
    }
    if (text && parsed === undefined) {
      throw new AdminApiError({
        status: response.status,
        code: 'invalid_json',
        method,
        path,
        message: `${method} ${path} did not answer with JSON`,
      })
    }
    return parsed as T
  }

  return {
    connection,
    get<T>(path: string, init?: { signal?: AbortSignal }) {
      return request<T>('GET', path, undefined, init?.signal)
    },
    send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
      return request<T>(method, path, body)
    },
  }
}
