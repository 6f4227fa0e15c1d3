import type { ExchangeTrace } from '../oauth/exchange-trace'
import { RestApiError } from '../salesforce/errors'

/**
 * REST decisions as named steps in the request's trace (rest.token, rest.scope,
 * rest.api_enabled, rest.limit, rest.object …), like the OAuth endpoints' steps; a failed
 * step records the Salesforce error it answered with.
 */

export function passStep(trace: ExchangeTrace, name: string, detail: string): void {
  trace.log.pass(name, detail)
}

export function failStep(
  trace: ExchangeTrace,
  name: string,
  detail: string,
  error: RestApiError,
): RestApiError {
  const first = error.items[0]
  trace.log.steps.push({
    name,
    outcome: 'failed',
    detail,
    error: first
      ? { error: first.errorCode, error_description: first.message, status: error.status }
      : undefined,
  })
  return error
}

/**
 * Runs one decision: its return value is the detail of a pass; a RestApiError it throws is
 * recorded as this step's failure (with `because`, when given, as the plain-words detail).
 */
export function restStep<T>(
  trace: ExchangeTrace,
  name: string,
  run: () => { detail: string; value: T },
  because?: (error: RestApiError) => string,
): T {
  try {
    const { detail, value } = run()
    passStep(trace, name, detail)
    return value
  } catch (err) {
    if (err instanceof RestApiError) {
      throw failStep(trace, name, because?.(err) ?? err.items[0]?.message ?? err.message, err)
    }
    throw err
  }
}
