import type { HeaderMap, StepRecord } from '../../shared/admin-api'
import type { ExchangeData } from './exchange-record'
import { decodeSteps } from './packed'

/**
 * The third part of a JWT (`eyJ….….signature`), which the search leaves out. A signature is
 * random: nothing a person types, and a short search would match inside one by chance. It is
 * also what makes a token's exchange dear to index: random text costs the trigram index about
 * eight times what the same length of ordinary text does (measured: an RS256 token response
 * indexed in 520 µs, 235 µs without its signature). A whole token pasted into the search
 * still finds it: the search text is cut the same way (searchNeedle).
 */
const JWT_SIGNATURE = /(eyJ[\w-]*\.[\w-]*\.)[\w-]+/g

/** What a search looks for: the text typed, with JWT signatures cut as in searchTextOf. */
export function searchNeedle(text: string): string {
  return text.replace(JWT_SIGNATURE, '$1')
}

/**
 * What the text search finds an exchange by: its URL, its headers (`name: value`), its
 * bodies as text, and the failing step's name, explanation and error — without the
 * signatures of JWTs (JWT_SIGNATURE). Passed steps are left out: they are the same sentences
 * request after request, half of an exchange's text, and nothing a person types to find one —
 * while the index's cost grows with every character. The index (TraceStore.indexWhile) and
 * the reading of exchanges not yet indexed both use this text, so a search answers the same
 * either way.
 */
export function searchTextOf(url: string, dataJson: string, steps: string | null): string {
  const data = JSON.parse(dataJson) as ExchangeData
  let text = url
  text += headerLines(data.request.headers)
  if (data.request.body?.encoding === 'utf8') text += `\n${data.request.body.text}`
  text += headerLines(data.response.headers)
  if (data.response.body?.encoding === 'utf8') text += `\n${data.response.body.text}`
  const failed = failedStep(steps ?? data.steps)
  if (failed) {
    text += `\n${failed.name}\n${failed.detail}`
    if (failed.error) text += `\n${JSON.stringify(failed.error)}`
  }
  return searchNeedle(text)
}

function headerLines(headers: HeaderMap): string {
  let text = ''
  for (const name in headers) {
    const value = headers[name]
    text += `\n${name}: ${Array.isArray(value) ? value.join(', ') : value}`
  }
  return text
}

function failedStep(steps: ExchangeData['steps'] | null): StepRecord | undefined {
  if (!steps) return undefined
  // Encoded steps name the outcome with one letter; only decode when one failed.
  if (typeof steps === 'string') {
    return /\d+,\d+,\d+f/.test(steps)
      ? decodeSteps(steps).find((s) => s.outcome === 'failed')
      : undefined
  }
  return steps.find((s) => s.outcome === 'failed')
}
