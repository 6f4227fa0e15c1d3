import { check, step, type HasStepLog, type StepResult } from '../steps'

/** What a deciding step returns: the value later steps need, and the words for the trace. */
export interface Decision<T> {
  value: T
  detail: string
}

export const decided = <T>(value: T, detail: string): Decision<T> => ({ value, detail })

/**
 * Runs one named step that also produces a value (the code row, the user …) for the steps
 * after it. Recording works exactly as `check`: a thrown OAuthError is the step's failure.
 */
export async function decide<T>(
  ctx: HasStepLog,
  name: string,
  run: () => Decision<T> | Promise<Decision<T>>,
): Promise<T> {
  let value: T | undefined
  await check(
    ctx,
    step(name, async (): Promise<StepResult> => {
      const decision = await run()
      value = decision.value
      return decision.detail
    }),
  )
  return value as T
}
