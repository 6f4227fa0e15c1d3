import { parseSoql } from '../soql/parser'
import { resolveQuery, type ResolvedQuery, type SchemaLookup } from '../soql/resolve'

/**
 * Parsed and resolved queries, by text: integrations repeat the same few queries, so each
 * is compiled once per workspace and permissions. Errors are not cached; they throw every time.
 */
const MAX_PLANS = 500

export class PlanCache {
  private readonly plans = new Map<string, ResolvedQuery>()

  /**
   * `scope`: the object model the query resolves against — the workspace's generation, plus
   * whose permissions shape it when they do.
   */
  plan(text: string, scope: number | string, schemas: SchemaLookup): ResolvedQuery {
    const key = `${scope}\u0000${text}`
    const hit = this.plans.get(key)
    if (hit) {
      // Re-insert: Map order is insertion order, so the first entry is the least recent.
      this.plans.delete(key)
      this.plans.set(key, hit)
      return hit
    }
    const plan = resolveQuery(parseSoql(text), schemas)
    if (this.plans.size >= MAX_PLANS) this.plans.delete(this.plans.keys().next().value!)
    this.plans.set(key, plan)
    return plan
  }
}
