/**
 * Protocol errors are values: an OAuth error carries Salesforce's `error` /
 * `error_description` pair and HTTP status; one serializer writes them. Anything thrown
 * that is not one of these becomes a Salesforce-shaped `server_error`, never a stack.
 */
export class OAuthError extends Error {
  readonly error: string
  readonly description: string
  readonly status: number
  /** Extra response headers (e.g. WWW-Authenticate, Retry-After). */
  readonly headers: Readonly<Record<string, string>>
  /**
   * Why, in plain words, for the trace and the debugger only (never sent): e.g. "code was
   * issued to Order Sync, presented by Partner Portal". Salesforce's own text is terse.
   */
  detail: string | undefined

  constructor(
    error: string,
    description: string,
    status = 400,
    headers: Record<string, string> = {},
    detail?: string,
  ) {
    super(`${error}: ${description}`)
    this.name = 'OAuthError'
    this.error = error
    this.description = description
    this.status = status
    this.headers = headers
    this.detail = detail
  }

  /** The same error with the trace explanation attached. */
  because(detail: string): this {
    this.detail = detail
    return this
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description }
  }
}

/** One element of the JSON array body the Salesforce REST API answers errors with. */
export interface RestErrorItem {
  message: string
  errorCode: string
  fields?: string[]
}

export class RestApiError extends Error {
  readonly status: number
  readonly items: RestErrorItem[]

  constructor(status: number, items: RestErrorItem[]) {
    super(items.map((i) => `${i.errorCode}: ${i.message}`).join('; '))
    this.name = 'RestApiError'
    this.status = status
    this.items = items
  }
}

export const serverError = (): OAuthError =>
  new OAuthError('server_error', 'An unexpected error occurred in Gatehouse', 500)
