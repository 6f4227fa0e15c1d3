import type { FaultWhen } from '../../workspace/types'
import type { RequestFacts } from './facts'
import { presetApplies } from './presets'
import type { ActiveRule, FaultRules } from './rules'

/**
 * Whether a rule's `when` matches a request. Every field given must match; the cheap ones
 * (endpoint, method) are compared first, so most requests are dismissed without a lookup.
 */

const asList = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value as T]

export function whenMatches(when: FaultWhen, facts: RequestFacts): boolean {
  const endpoints = asList(when.endpoint)
  if (endpoints && !endpoints.includes(facts.endpoint)) return false
  const methods = asList(when.method)
  if (methods && !methods.includes(facts.method as never)) return false
  const grantTypes = asList(when.grantType)
  if (grantTypes) {
    const grantType = facts.grantType()
    if (grantType === undefined || !grantTypes.includes(grantType)) return false
  }
  if (when.app !== undefined) {
    const app = facts.app()
    if (!app) return false
    if (app.consumerKey !== when.app && app.name.toLowerCase() !== when.app.toLowerCase()) {
      return false
    }
  }
  if (when.user !== undefined) {
    const user = facts.user()
    if (!user) return false
    const ref = when.user
    const sameId = user.id === ref || (ref.length === 15 && user.id.startsWith(ref))
    if (!sameId && user.username.toLowerCase() !== ref.toLowerCase()) return false
  }
  return true
}

/** A rule that matches the request, whose preset (if any) applies to it. */
export function ruleApplies(active: ActiveRule, facts: RequestFacts): boolean {
  if (!whenMatches(active.rule.when, facts)) return false
  const preset = active.rule.then.preset
  return preset === undefined || presetApplies(preset, facts)
}

export interface FiredRule {
  active: ActiveRule
  /** How often it has fired, this time included. */
  firedCount: number
  remaining: number | null
}

/**
 * The rule that fires for this request: the first enabled rule, in workspace order, that
 * matches, wins its probability roll and still has `times` left. A rule whose `times` ran
 * out does not stop the search; at most one rule fires per request.
 */
export function selectFault(
  rules: FaultRules,
  facts: RequestFacts,
  random: () => number = Math.random,
): FiredRule | undefined {
  for (const active of rules.enabled()) {
    if (!ruleApplies(active, facts)) continue
    const probability = active.rule.when.probability
    if (probability !== undefined && !(random() < probability)) continue
    const outcome = rules.fire(active)
    if (outcome.fired) {
      return { active, firedCount: outcome.fired_count, remaining: outcome.remaining }
    }
  }
  return undefined
}
