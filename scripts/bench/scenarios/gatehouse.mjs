// Load scenarios against `gatehouse serve`. Each probes first: a real success of the expected
// shape and, where credentials are involved, a refusal. A feature another engineer has not
// landed yet reports "not available" with the reason instead of a number.
import { basic, call, FORM, formBody, isJwt, jwtHeader } from '../http.mjs'
import { APPS, BENCH_PASSWORD, BENCH_USER } from '../workspace.mjs'

export const API_VERSION = 'v66.0'
const TOKEN_PATH = '/services/oauth2/token'

const clientCredentials = (app, secret = app.secret) => ({
  method: 'POST',
  path: TOKEN_PATH,
  headers: { authorization: basic(app.key, secret), 'content-type': FORM },
  body: formBody({ grant_type: 'client_credentials' }),
})

const passwordGrant = (password) => ({
  method: 'POST',
  path: TOKEN_PATH,
  headers: { 'content-type': FORM },
  body: formBody({
    grant_type: 'password',
    client_id: APPS.password.key,
    client_secret: APPS.password.secret,
    username: BENCH_USER,
    password,
  }),
})

/** Whether the engine has the recorder (the admin API answers /trace). */
export async function recorderState(server) {
  const res = await call(server.url, {
    path: '/_gatehouse/api/trace',
    headers: { authorization: `Bearer ${server.adminToken}` },
  })
  if (res.status === 404) return { present: false, enabled: false }
  return { present: true, enabled: res.json?.enabled === true, stats: res.json }
}

/** Salesforce answers a bad client secret with 400 invalid_client (security-cases.md). */
async function probeClientCredentials(server, app, { expectJwt }) {
  const good = await call(server.url, clientCredentials(app))
  if (good.status !== 200 || typeof good.json?.access_token !== 'string') {
    return { invalid: `expected a token, got ${good.status} ${good.text.slice(0, 200)}` }
  }
  if (expectJwt) {
    if (!isJwt(good.json.access_token)) {
      return {
        unavailable:
          'JWT access tokens not yet in the engine (jwtAccessTokens: true still returns an opaque token)',
      }
    }
    const alg = jwtHeader(good.json.access_token).alg
    if (alg !== 'RS256') return { invalid: `JWT access token is ${alg}, expected RS256` }
  } else if (isJwt(good.json.access_token)) {
    return { invalid: 'expected an opaque token, got a JWT' }
  }
  const bad = await call(server.url, clientCredentials(app, 'wrong-secret'))
  if (bad.status < 400 || bad.json?.error !== 'invalid_client') {
    return { invalid: `a wrong secret got ${bad.status} ${bad.text.slice(0, 120)}` }
  }
  return { request: clientCredentials(app) }
}

/** The client-credentials probe on a server started with --no-recorder, which it checks. */
async function probeWithoutRecorder(server, app, options) {
  const recorder = await recorderState(server)
  if (recorder.enabled) return { invalid: 'the recorder is on despite --no-recorder' }
  if (!recorder.present) return { unavailable: 'recorder not yet present in the engine' }
  return probeClientCredentials(server, app, options)
}

async function accessToken(server) {
  const res = await call(server.url, clientCredentials(APPS.opaque))
  return res.json?.access_token
}

const restGet = (path, token) => ({ path, headers: { authorization: `Bearer ${token}` } })
const soql = (text) => `/services/data/${API_VERSION}/query?q=${encodeURIComponent(text)}`

/** A REST GET that must answer 200; 404 on the probe means the REST API is not there yet. */
async function probeRest(server, path, check) {
  const token = await accessToken(server)
  const res = await call(server.url, restGet(path, token))
  if (res.status === 404) return { unavailable: `REST API not available (${path} answered 404)` }
  if (res.status !== 200)
    return { invalid: `${path} answered ${res.status} ${res.text.slice(0, 200)}` }
  const wrong = check(res.json)
  if (wrong) return { invalid: wrong }
  const refused = await call(server.url, restGet(path, 'not-a-token'))
  if (refused.status !== 401) return { invalid: `a bad token got ${refused.status}, expected 401` }
  return { request: restGet(path, token) }
}

// Both queries run on the 10k Account records. The scan has a selective filter on an
// unindexed field, so every record is looked at; the page query stops at its LIMIT.
export const QUERIES = {
  scan: "SELECT Id, Name, Industry FROM Account WHERE Name = 'Bench Account 07777'",
  page: "SELECT Id, Name, Industry, BillingCity FROM Account WHERE Industry = 'Energy' LIMIT 20",
}

export const gatehouseScenarios = [
  {
    id: 'gatehouse.cc-opaque.recorder-on',
    title: 'Gatehouse client_credentials, opaque token, recorder on',
    server: 'gatehouseCc',
    async prepare(server) {
      const recorder = await recorderState(server)
      const probe = await probeClientCredentials(server, APPS.opaque, { expectJwt: false })
      if (!recorder.present) probe.note = 'recorder not yet present in the engine'
      return probe
    },
  },
  {
    id: 'gatehouse.cc-opaque.recorder-off',
    title: 'Gatehouse client_credentials, opaque token, recorder off',
    server: 'gatehouseNoRecorder',
    prepare: (server) => probeWithoutRecorder(server, APPS.opaque, { expectJwt: false }),
  },
  {
    id: 'gatehouse.cc-jwt',
    title: 'Gatehouse client_credentials, RS256 JWT access token, recorder on',
    server: 'gatehouseJwt',
    prepare: (server) => probeClientCredentials(server, APPS.jwt, { expectJwt: true }),
  },
  {
    // What the JWT path reaches without recording: the part of its miss the recorder causes.
    id: 'gatehouse.cc-jwt.recorder-off',
    title: 'Gatehouse client_credentials, RS256 JWT access token, recorder off',
    server: 'gatehouseJwtNoRecorder',
    prepare: (server) => probeWithoutRecorder(server, APPS.jwt, { expectJwt: true }),
  },
  {
    id: 'gatehouse.password',
    title: 'Gatehouse username-password grant (password check), recorder on',
    server: 'gatehouse',
    async prepare(server) {
      const good = await call(server.url, passwordGrant(BENCH_PASSWORD))
      if (good.status !== 200 || typeof good.json?.access_token !== 'string') {
        return { invalid: `expected a token, got ${good.status} ${good.text.slice(0, 200)}` }
      }
      const bad = await call(server.url, passwordGrant('wrong-password'))
      if (bad.status !== 400 || bad.json?.error !== 'invalid_grant') {
        return { invalid: `a wrong password got ${bad.status} ${bad.text.slice(0, 120)}` }
      }
      // The wrong attempt counts toward lockout; a success resets it before the load.
      await call(server.url, passwordGrant(BENCH_PASSWORD))
      return { request: passwordGrant(BENCH_PASSWORD) }
    },
  },
  {
    id: 'gatehouse.rest-query.scan',
    title: 'Gatehouse REST query, filter over 10k Accounts (1 row)',
    server: 'gatehouse',
    prepare: (server) =>
      probeRest(server, soql(QUERIES.scan), (body) =>
        body?.totalSize === 1 ? null : `expected 1 record, got ${body?.totalSize}`,
      ),
  },
  {
    id: 'gatehouse.rest-query.scan.recorder-off',
    title: 'Gatehouse REST query, filter over 10k Accounts (1 row), recorder off',
    server: 'gatehouseNoRecorder',
    prepare: (server) =>
      probeRest(server, soql(QUERIES.scan), (body) =>
        body?.totalSize === 1 ? null : `expected 1 record, got ${body?.totalSize}`,
      ),
  },
  {
    id: 'gatehouse.rest-query.page',
    title: 'Gatehouse REST query, first 20 of a filter on 10k Accounts',
    server: 'gatehouse',
    prepare: (server) =>
      probeRest(server, soql(QUERIES.page), (body) =>
        body?.records?.length === 20 ? null : `expected 20 records, got ${body?.records?.length}`,
      ),
  },
  {
    id: 'gatehouse.rest-record',
    title: 'Gatehouse REST record GET (Account by Id)',
    server: 'gatehouse',
    async prepare(server) {
      const token = await accessToken(server)
      const list = await call(server.url, restGet(soql('SELECT Id FROM Account LIMIT 1'), token))
      if (list.status === 404) return { unavailable: 'REST API not available (query answered 404)' }
      const id = list.json?.records?.[0]?.Id
      if (!id) return { invalid: `could not find an Account id: ${list.status}` }
      const path = `/services/data/${API_VERSION}/sobjects/Account/${id}`
      return probeRest(server, path, (body) =>
        body?.Id === id
          ? null
          : `expected Account ${id}, got ${JSON.stringify(body).slice(0, 120)}`,
      )
    },
  },
]
