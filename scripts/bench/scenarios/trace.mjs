// The admin API's exchange list with 100k recorded exchanges. There is no import of
// exchanges, so the recorder is filled the honest way: by firing real requests at the
// emulated org on a server whose recorder limits were raised above 100k (hidden `serve`
// options), then reading the list under load.
import { basic, call, FORM, formBody } from '../http.mjs'
import { fire } from '../load.mjs'
import { APPS } from '../workspace.mjs'
import { API_VERSION, recorderState } from './gatehouse.mjs'

export const TRACE_SERVER_ARGS = [
  '--recorder-max-exchanges',
  '200000',
  '--recorder-max-bytes',
  String(2 ** 30),
]

const admin = (server, path) => ({
  path,
  headers: { authorization: `Bearer ${server.adminToken}` },
})

/**
 * What a debugging session records: token requests and API calls refused for the usual
 * reasons (a wrong client secret, no token). Refusals issue nothing, so filling the recorder
 * does not also fill the token tables and the per-user login count. autocannon cycles through
 * the list on every connection.
 */
function seedRequests() {
  const wrongSecret = {
    method: 'POST',
    path: '/services/oauth2/token',
    headers: { authorization: basic(APPS.opaque.key, 'wrong-secret'), 'content-type': FORM },
    body: formBody({ grant_type: 'client_credentials' }),
  }
  const noToken = { method: 'GET', path: `/services/data/${API_VERSION}/limits` }
  const userinfo = { method: 'GET', path: '/services/oauth2/userinfo' }
  return [wrongSecret, noToken, userinfo]
}

async function recordedCount(server) {
  // Listing flushes the recorder's queue, so the count that follows is complete.
  await call(server.url, admin(server, '/_gatehouse/api/exchanges?limit=1'))
  return (await recorderState(server)).stats?.exchanges ?? 0
}

/** Fills the recorder up to `count` exchanges; returns how long it took, or why it could not. */
export async function seedExchanges(server, { count, connections }) {
  const recorder = await recorderState(server)
  if (!recorder.present) return { unavailable: 'recorder not yet present in the engine' }
  if (!recorder.enabled) return { unavailable: 'the recorder is off on this server' }
  const started = performance.now()
  const missing = count - (await recordedCount(server))
  let fired = null
  if (missing > 0)
    fired = await fire({ server, requests: seedRequests(), amount: missing, connections })
  const recorded = await recordedCount(server)
  const seconds = (performance.now() - started) / 1000
  if (recorded < count) {
    return {
      unavailable: `only ${recorded} of ${count} exchanges are kept (recorder limits?)`,
      seconds,
    }
  }
  const index = await searchIndexed(server)
  return { recorded, seconds, fired, ...index }
}

// The recorder builds its text search index while it is idle; the search is measured once
// the index holds every exchange, as it does a moment after a burst of traffic.
const INDEX_WAIT_MS = 300_000

/** Waits for the search index to catch up; how long it took, or that the engine has none. */
async function searchIndexed(server) {
  const started = performance.now()
  for (;;) {
    const pending = (await recorderState(server)).stats?.searchIndexPending
    if (pending === undefined) return { indexSeconds: null }
    const indexSeconds = (performance.now() - started) / 1000
    if (pending === 0) return { indexSeconds }
    if (performance.now() - started > INDEX_WAIT_MS) {
      return { indexSeconds, indexPending: pending }
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const listPath = '/_gatehouse/api/exchanges?limit=50'

export function traceScenarios(seed) {
  const gate = async (server, path, check) => {
    if (seed.unavailable) return { unavailable: seed.unavailable }
    const res = await call(server.url, admin(server, path))
    if (res.status !== 200)
      return { invalid: `${path} answered ${res.status} ${res.text.slice(0, 200)}` }
    const wrong = check(res.json)
    if (wrong) return { invalid: wrong }
    const refused = await call(server.url, { path })
    if (refused.status !== 401)
      return { invalid: `no admin token got ${refused.status}, expected 401` }
    return { request: admin(server, path), note: `${seed.recorded} exchanges recorded` }
  }
  return [
    {
      id: 'gatehouse.admin-exchanges.page',
      title: 'admin API exchange list, newest 50 of 100k',
      server: 'gatehouseTrace',
      prepare: (server) =>
        gate(server, listPath, (body) =>
          body?.items?.length === 50 ? null : `expected 50 items, got ${body?.items?.length}`,
        ),
    },
    {
      id: 'gatehouse.admin-exchanges.search',
      title: 'admin API exchange list, text search with no match over 100k, 1 connection',
      server: 'gatehouseTrace',
      // Each answer takes a large part of a second: more connections would only queue.
      connections: 1,
      prepare: (server) =>
        gate(server, `${listPath}&text=no-such-text-anywhere`, (body) =>
          body?.items?.length === 0 ? null : `expected no items, got ${body?.items?.length}`,
        ),
    },
  ]
}
