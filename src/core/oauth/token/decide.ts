import { check, step, type HasStepLog, type MaybePromise, type StepResult } from '../steps'

/** What a deciding step returns: the value later steps need, and the words for the trace. */
export interface Decision<T> {
  value: T
  detail: string
}

export const decided = <T>(value: T, detail: string): Decision<T> => ({ value, detail })

/**
 * Runs one named step that also produces a value (the code row, the user …) for the steps
 * after it. Recording works exactly as `check`: a thrown OAuthError is the step's failure.
 * Like `check`, a decision made at once is returned at once; one that waits, as a promise.
 */
export function decide<T>(
  ctx: HasStepLog,
  name: string,
  run: () => MaybePromise<Decision<T>>,
): MaybePromise<T> {
  let value: T | undefined
  const checked = check(
    ctx,
    step(name, (): MaybePromise<StepResult> => {
      const decision = run()
      if (decision instanceof Promise) {
        return decision.then((settled) => {
          value = settled.value
          return settled.detail
        })
      }
      value = decision.value
      return decision.detail
    }),
  )
  return checked instanceof Promise ? checked.then(() => value as T) : (value as T)
}
