import type { ExchangeDetail } from '../../../shared/admin-api'
import type { CatalogEntry } from '../../../shared/catalog-api'
import { oauthError, restError, type Observation } from '../expect'

/**
 * The Why tab's link to the catalog: which entries a refused exchange is an instance of.
 * The refusal is read the way a scenario's expectations read it (JSON body, error redirect,
 * Salesforce's plain-text error page, or the REST API's error array).
 */

export interface Refusal {
  error: string | null
  errorDescription: string | null
  failedStep: string | null
}

export function refusalOf(detail: ExchangeDetail): Refusal | null {
  if (detail.outcome !== 'failed') return null
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(detail.response.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  const body = detail.response.body
  const obs: Observation = {
    status: detail.status,
    headers,
    body: body && body.encoding === 'utf8' ? body.text : '',
    location: headers.location ? absolute(headers.location) : null,
  }
  const oauth = oauthError(obs)
  const rest = oauth.error === undefined ? restError(obs) : {}
  return {
    error: oauth.error ?? rest.errorCode ?? null,
    errorDescription: oauth.error_description ?? rest.message ?? null,
    failedStep: detail.failedStep,
  }
}

function absolute(location: string): string {
  try {
    return new URL(location, 'http://gatehouse.invalid').toString()
  } catch {
    return location
  }
}

/**
 * Same error (or REST errorCode); same error_description when both have one; same failing
 * step when both name one. One error can have several causes, so several entries can match;
 * the most specific win (an entry that fixes the description and the step over one that only
 * names the error), so a generic invalid_grant entry does not hang on every invalid_grant.
 */
export function entriesMatching(entries: CatalogEntry[], refusal: Refusal): CatalogEntry[] {
  if (!refusal.error) return []
  const scored: Array<{ entry: CatalogEntry; score: number }> = []
  for (const entry of entries) {
    if (entry.error !== refusal.error) continue
    const description = agree(entry.errorDescription, refusal.errorDescription)
    const step = agree(entry.failedStep, refusal.failedStep)
    if (description === false || step === false) continue
    scored.push({ entry, score: (description ? 2 : 0) + (step ? 1 : 0) })
  }
  const best = Math.max(...scored.map((s) => s.score))
  return scored.filter((s) => s.score === best).map((s) => s.entry)
}

/** true: both given and equal; false: both given and different; null: one is missing. */
function agree(a: string | null, b: string | null): boolean | null {
  if (a === null || b === null) return null
  return a === b
}
