import { sfErrors } from '../salesforce/oauth-errors'

/**
 * OAuth parameters as plain strings. Form parsers turn a repeated key into an array and
 * keep keys like `__proto__`; RFC 6749 §3.1/§3.2 says a parameter must not appear twice,
 * so a repeat is refused as `invalid_request` rather than coerced.
 */
export type Params = ReadonlyMap<string, string>

export function readParams(...sources: unknown[]): Params {
  const params = new Map<string, string>()
  for (const source of sources) {
    if (source === null || source === undefined) continue
    if (typeof source !== 'object') {
      throw sfErrors.invalidRequest('request body must be application/x-www-form-urlencoded')
    }
    for (const key of Object.keys(source)) {
      const value = (source as Record<string, unknown>)[key]
      if (Array.isArray(value)) {
        throw sfErrors
          .invalidRequest(`duplicate parameter: ${key}`)
          .because(
            `parameter ${key} appears ${value.length} times; each OAuth parameter may appear once`,
          )
      }
      if (typeof value !== 'string') continue
      if (params.has(key)) {
        throw sfErrors
          .invalidRequest(`duplicate parameter: ${key}`)
          .because(`parameter ${key} was sent both in the query string and in the body`)
      }
      params.set(key, value)
    }
  }
  return params
}

/** A non-empty parameter value, or undefined. */
export function param(params: Params, name: string): string | undefined {
  const value = params.get(name)
  return value === undefined || value === '' ? undefined : value
}
