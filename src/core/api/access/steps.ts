import type { ExchangeTrace } from '../../oauth/exchange-trace'
import { restErrors } from '../errors'
import type { ObjectSchema } from '../metadata/types'
import { restStep } from '../steps'
import type { ObjectAccess, ObjectRight } from './permissions'
import { objectView } from './schema-view'

/**
 * The object permission a REST call needs, as the named step `rest.object_access`: passed
 * with who grants it, or failed with what Salesforce answers and that nothing grants it.
 * Returns the object as the user sees it (hidden fields left out, read-only ones marked).
 */
export function requireObject(
  trace: ExchangeTrace,
  access: ObjectAccess,
  schema: ObjectSchema,
  right: ObjectRight,
): ObjectSchema {
  if (!access.restricted) return schema
  const decision = access.object(schema.name, right)
  restStep(
    trace,
    'rest.object_access',
    () => {
      if (!decision.allowed)
        throw right === 'read' ? restErrors.notFound() : restErrors.insufficientAccess()
      return { detail: decision.because, value: null }
    },
    () => decision.because,
  )
  // Read is needed to see the object at all; a write needs it too (Salesforce's dependencies).
  const view = objectView(schema, access)
  if (!view) throw new Error(`${schema.name}: ${right} granted without read`)
  return view
}
