import type { StepRecord } from '../../oauth/steps'
import type { BreakpointStage, BreakpointWhen } from '../../workspace/types'
import type { RequestFacts } from '../faults/facts'
import { whenMatches } from '../faults/match'
import type { ActiveBreakpoint, BreakpointRules } from './rules'

/**
 * Which breakpoint pauses an exchange. `when` is the fault rules' matcher, plus (at
 * response, once the steps have run) `step` and `outcome`: with a step, that step must have
 * run with that outcome; an outcome alone asks whether any step failed.
 */

export function stepsMatch(when: BreakpointWhen, steps: readonly StepRecord[]): boolean {
  const { step, outcome } = when
  if (step !== undefined) {
    return steps.some((s) => s.name === step && (outcome === undefined || s.outcome === outcome))
  }
  if (outcome === undefined) return true
  const failed = steps.some((s) => s.outcome === 'failed')
  return outcome === 'failed' ? failed : !failed
}

export interface FiredBreakpoint {
  active: ActiveBreakpoint
  firedCount: number
}

/**
 * The breakpoint that pauses this exchange at `at`: the first enabled one, in workspace
 * order, that matches, wins its probability roll and still has `times` left.
 */
export function selectBreakpoint(
  rules: BreakpointRules,
  at: BreakpointStage,
  facts: RequestFacts,
  steps: readonly StepRecord[],
  random: () => number = Math.random,
): FiredBreakpoint | undefined {
  for (const active of rules.enabled(at)) {
    const { when } = active.rule
    if (at === 'response' && !stepsMatch(when, steps)) continue
    if (!whenMatches(when, facts)) continue
    if (when.probability !== undefined && !(random() < when.probability)) continue
    const outcome = rules.fire(active)
    if (outcome.fired) return { active, firedCount: outcome.fired_count }
  }
  return undefined
}
