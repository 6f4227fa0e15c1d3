import type { ExchangeTrace } from '../../oauth/exchange-trace'
import { RestApiError } from '../../salesforce/errors'
import type { ObjectSchema } from '../metadata/types'
import type { PlanCache } from '../query/plans'
import { SoqlError, soqlErrorMessage } from '../soql/errors'
import type { ResolvedPath, ResolvedQuery } from '../soql/resolve'
import { passStep, failStep } from '../steps'
import type { AccessDecision, ObjectAccess } from './permissions'
import { lookupFor } from './schema-view'

/**
 * A query checked against the caller's object and field permissions, as the named steps
 * `rest.object_access` and `rest.field_access`. The query is resolved twice: against the
 * whole object model (which objects and fields it names), then against the user's view of it,
 * whose error — INVALID_TYPE for an unreadable object, INVALID_FIELD for a hidden field —
 * is what Salesforce answers, caret and all. The steps say which permission was missing and
 * where the user's permissions come from.
 */
export function restrictedPlan(
  trace: ExchangeTrace,
  plans: PlanCache,
  scope: string,
  text: string,
  full: ResolvedQuery,
  access: ObjectAccess,
  lookup: (name: string) => ObjectSchema | undefined,
): ResolvedQuery {
  const paths = pathsOf(full)
  const objects = new Map<string, AccessDecision>()
  const note = (name: string) => {
    if (!objects.has(name)) objects.set(name, access.object(name, 'read'))
  }
  note(full.object.name)
  for (const path of paths) for (const hop of path.hops) note(hop.target.name)
  const fields = new Map<string, AccessDecision>()
  for (const path of paths) {
    let owner = full.object.name
    for (const hop of path.hops) {
      fields.set(`${owner}.${hop.field.name}`, access.field(owner, hop.field.name, 'read'))
      owner = hop.target.name
    }
    fields.set(`${owner}.${path.field.name}`, access.field(owner, path.field.name, 'read'))
  }

  const refused = (name: string, decision: AccessDecision): never => {
    const error = restrictedError(plans, scope, text, access, lookup)
    throw failStep(trace, name, decision.because, error)
  }
  const deniedObject = [...objects.values()].find((d) => !d.allowed)
  if (deniedObject) refused('rest.object_access', deniedObject)
  passStep(trace, 'rest.object_access', summary(objects))
  const deniedField = [...fields.values()].find((d) => !d.allowed)
  if (deniedField) refused('rest.field_access', deniedField)
  passStep(trace, 'rest.field_access', summary(fields))
  return plans.plan(text, scope, lookupFor(lookup, access))
}

function pathsOf(query: ResolvedQuery): ResolvedPath[] {
  const paths: ResolvedPath[] = []
  for (const select of query.select) if (select.path) paths.push(select.path)
  for (const order of query.orderBy) paths.push(order.path)
  const walk = (condition: ResolvedQuery['where']) => {
    if (!condition) return
    if ('operands' in condition) condition.operands.forEach(walk)
    else if ('operand' in condition) walk(condition.operand)
    else paths.push(condition.path)
  }
  walk(query.where)
  return paths
}

/** The grants, one line each kind of reason: "permission set X grants Read on Account; …". */
function summary(decisions: Map<string, AccessDecision>): string {
  return [...new Set([...decisions.values()].map((d) => d.because))].join('; ')
}

/** Salesforce's answer for the query as the user sees the object model. */
function restrictedError(
  plans: PlanCache,
  scope: string,
  text: string,
  access: ObjectAccess,
  lookup: (name: string) => ObjectSchema | undefined,
): RestApiError {
  try {
    plans.plan(text, scope, lookupFor(lookup, access))
  } catch (error) {
    if (error instanceof SoqlError) {
      return new RestApiError(400, [
        { message: soqlErrorMessage(text, error), errorCode: error.code },
      ])
    }
    throw error
  }
  // Every name resolved in the user's view after all: the permission check and the view disagree.
  throw new Error('a permission was refused, yet the query resolves for the user')
}
