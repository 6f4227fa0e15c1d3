import type { ExchangeDetail, HeaderMap } from '../../shared/admin-api'
import type { RunRequest, RunResponse } from '../../shared/runner-api'
import type { TraceStore } from '../store/trace-store'
import { exchangeDetail } from '../trace/views'
import { redirectParams } from './hands-on'

/**
 * "Sign in yourself": the person opens the authorization URL in a browser of their own (a
 * separate window, a new tab), logs in and approves there. No callback listener is needed:
 * the redirect back to the app is recorded like every exchange, so the runner finds the one
 * whose Location carries the run's `state` and goes on from it.
 */
export function findSignedInRedirect(
  store: TraceStore,
  afterId: number,
  state: string,
): ExchangeDetail | undefined {
  for (const row of store.newerHolding(afterId, state)) {
    const detail = exchangeDetail(row)
    const location = headerValue(detail.response.headers, 'location')
    if (!location) continue
    try {
      if (
        redirectParams(new URL(location, 'http://gatehouse.invalid').toString()).state === state
      ) {
        return detail
      }
    } catch {
      // not a URL: not the redirect looked for
    }
  }
  return undefined
}

function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

function flatHeaders(headers: HeaderMap): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value
  }
  return flat
}

/** The recorded exchange as a run step's request and response. */
export function exchangeAsStep(
  detail: ExchangeDetail,
  baseUrl: string,
): { request: RunRequest; response: RunResponse } {
  const url = new URL(detail.url, baseUrl)
  const location = headerValue(detail.response.headers, 'location')
  return {
    request: {
      method: detail.method,
      url: url.toString(),
      headers: flatHeaders(detail.request.headers),
      params: Object.fromEntries(url.searchParams),
      paramLocation: 'query',
      body: detail.request.body?.text ?? null,
    },
    response: {
      status: detail.status,
      headers: flatHeaders(detail.response.headers),
      body: detail.response.body?.text ?? '',
      location: location ? new URL(location, url).toString() : null,
    },
  }
}
