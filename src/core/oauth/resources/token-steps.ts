import type { OAuthError } from '../../salesforce/errors'
import type { TokenCheck } from '../../tokens/bearer'
import type { StepLog } from '../steps'

/** A token check that failed: the step and the values it compared. */
export interface TokenCheckFailure {
  step: string
  detail: string
}

/**
 * Writes the checks a token authentication ran into the request's step log, so the trace
 * shows each decision (token.lookup, token.active, token.app, user.active) by name.
 */
export function recordTokenChecks(log: StepLog, checks: readonly TokenCheck[]): void {
  for (const check of checks) log.pass(check.step, check.detail)
}

/**
 * Records the failed check. Given an error, that error is recorded as the answer and
 * returned for the caller to throw; without one the endpoint still answers normally (as
 * introspection does with `{"active":false}`), so the step is failed with no error attached.
 */
export function recordTokenFailure(log: StepLog, failure: TokenCheckFailure): void
export function recordTokenFailure(
  log: StepLog,
  failure: TokenCheckFailure,
  error: OAuthError,
): OAuthError
export function recordTokenFailure(
  log: StepLog,
  failure: TokenCheckFailure,
  error?: OAuthError,
): OAuthError | void {
  if (!error) {
    log.steps.push({ name: failure.step, outcome: 'failed', detail: failure.detail })
    return
  }
  log.fail(failure.step, error.because(failure.detail))
  return error
}
