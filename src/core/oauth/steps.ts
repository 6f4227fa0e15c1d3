import { OAuthError } from '../salesforce/errors'

/**
 * Every decision an endpoint makes is a named step with a recorded outcome. The step log is
 * what the recorder stores and the debugger shows ("Why"), so it is the one source of truth
 * for what the server did and why it answered as it did.
 */
export type StepOutcome = 'passed' | 'failed' | 'skipped'

export interface StepRecord {
  /** Stable dotted id, e.g. `client.secret`, `code.pkce`, `policy.ip`. */
  name: string
  outcome: StepOutcome
  /** Plain words with the values compared. */
  detail: string
  /** The Salesforce error this step answered with, when it failed. */
  error?: { error: string; error_description: string; status: number }
}

export class StepLog {
  readonly steps: StepRecord[] = []

  pass(name: string, detail: string): void {
    this.steps.push({ name, outcome: 'passed', detail })
  }

  skip(name: string, detail: string): void {
    this.steps.push({ name, outcome: 'skipped', detail })
  }

  fail(name: string, err: OAuthError): void {
    this.steps.push({
      name,
      outcome: 'failed',
      detail: err.detail ?? err.description,
      error: { error: err.error, error_description: err.description, status: err.status },
    })
  }

  /** The first failed step, if any: it decided the response. */
  failed(): StepRecord | undefined {
    return this.steps.find((s) => s.outcome === 'failed')
  }
}

/** What a step returns: a detail string means passed; `skipped(...)` means not applicable. */
export type StepResult = string | { skipped: string }

export const skipped = (detail: string): { skipped: string } => ({ skipped: detail })

export interface Step<C> {
  name: string
  run(ctx: C): StepResult | Promise<StepResult>
}

export interface HasStepLog {
  log: StepLog
}

/** A value now, or a promise of it: what a step that may have to wait gives back. */
export type MaybePromise<T> = T | Promise<T>

/**
 * Runs one named check and records its outcome. A thrown OAuthError is recorded as this
 * step's failure and rethrown to decide the response; anything else is a bug and propagates.
 *
 * A step that answers at once is recorded at once and nothing is returned; only a step that
 * waits (a database write, a signature) gives back a promise. Callers `await` either. Most
 * of a token request's twenty steps never wait, and an async function per step cost each
 * request a promise, a suspended frame and a microtask turn apiece (docs/benchmarks.md).
 * A failure is thrown synchronously then, and becomes the awaiting caller's rejection.
 */
export function check<C extends HasStepLog>(ctx: C, step: Step<C>): MaybePromise<void> {
  let result: MaybePromise<StepResult>
  try {
    result = step.run(ctx)
  } catch (err) {
    recordFailure(ctx, step.name, err)
    throw err
  }
  if (result instanceof Promise) {
    return result.then(
      (settled) => recordResult(ctx, step.name, settled),
      (err: unknown) => {
        recordFailure(ctx, step.name, err)
        throw err
      },
    )
  }
  recordResult(ctx, step.name, result)
}

function recordResult(ctx: HasStepLog, name: string, result: StepResult): void {
  if (typeof result === 'string') ctx.log.pass(name, result)
  else ctx.log.skip(name, result.skipped)
}

function recordFailure(ctx: HasStepLog, name: string, err: unknown): void {
  if (err instanceof OAuthError) ctx.log.fail(name, err)
}

/** Runs an endpoint's table of steps in order; the first failure stops the table. */
export async function runSteps<C extends HasStepLog>(
  ctx: C,
  steps: ReadonlyArray<Step<C>>,
): Promise<void> {
  for (const step of steps) await check(ctx, step)
}

/** Convenience for a step defined inline. */
export function step<C>(name: string, run: (ctx: C) => StepResult | Promise<StepResult>): Step<C> {
  return { name, run }
}
