import type { ExchangeTrace } from '../oauth/exchange-trace'

/** A fault rule, as the steps it influences name it. */
export interface FaultRef {
  id: string
  name?: string
}

/**
 * What the policy hooks learned about one request before its endpoint ran, for the policy
 * steps that run later: the raw address facts (resolved into a client IP only when the app
 * and user are known) and what a fault rule that fired asked of the later steps. Keyed by
 * the request's trace, which every step can reach.
 */
export interface RequestPolicyState {
  socketIp?: string
  forwardedFor?: string
  /** A fault rule's `clientIp`. */
  faultIp?: { ip: string; rule: FaultRef }
  /** Presets that make a real step fail (ip-restricted, login-rate-exceeded). */
  forced: { ipRestricted?: FaultRef; loginRate?: FaultRef }
  /**
   * corruptSignature: the response's signatures are broken on the way out, and the rule's
   * step (`note`: what it did before) is recorded then, with what was broken.
   */
  corruptSignature?: { rule: FaultRef; note: string }
}

const states = new WeakMap<ExchangeTrace, RequestPolicyState>()

export function policyState(trace: ExchangeTrace): RequestPolicyState {
  let state = states.get(trace)
  if (!state) {
    state = { forced: {} }
    states.set(trace, state)
  }
  return state
}

export function faultLabel(rule: FaultRef): string {
  return rule.name ? `${rule.id} (${rule.name})` : rule.id
}
