import { readdirSync } from 'node:fs'
import jsforce, { type Connection } from 'jsforce'
import * as client from 'openid-client'
import { describe, expect, it } from 'vitest'
import {
  API_VERSION,
  browserPart,
  CATALOG_DIR,
  clockStepMs,
  compareWithFile,
  deviceCode,
  expectAt,
  flowOption,
  JWT_BEARER,
  jsforceOAuth2,
  jsforceOAuthView,
  jsforceRestView,
  openidConfig,
  openidView,
  rejection,
  signedAssertion,
  startScenario,
  tokenClaims,
  tokenParam,
  type ClientView,
  type ScenarioEngine,
} from './catalog-support'
import type { Expect } from '../../../src/core/scenarios'

/**
 * The catalog of errors (resources/scenarios), each entry observed through the client library
 * an integration would use: the engine is put in the state the scenario's earlier steps create,
 * then the failing call is made by jsforce or openid-client, and what the LIBRARY reports is
 * compared with the scenario file's own `expect` (read from the file, never retyped). Every
 * catalog file must be in one of the two tables below, so a new entry has to be classified.
 */

/** One failing call as the client saw it, next to the file's expectation for that call. */
interface Observed {
  expected: Expect
  seen: ClientView
}

interface ClientCase {
  client: 'jsforce' | 'openid-client' | 'jsforce, openid-client'
  /** What the client does, for the test's name. */
  does: string
  observe(s: ScenarioEngine): Promise<Observed[]>
}

const ORDER_SYNC = 'Order Sync'
const PARTNER_PORTAL = 'Partner Portal'
const NIGHTLY_ETL = 'Nightly ETL'
const ADA = 'ada@acme.test'
const SAM = 'sam@acme.test'
const RITA = 'rita@acme.test'
const OLGA = 'olga@acme.test'
const INTEGRATION = 'integration@acme.test'

// ------------------------------------------------------------------------------------
// Client moves shared by several entries

/** jsforce's username-password login (Connection.login); answers what jsforce threw. */
async function jsforceLogin(
  s: ScenarioEngine,
  appName: string,
  username: string,
  options: { password?: string; clientId?: string; clientSecret?: string } = {},
): Promise<ClientView> {
  const conn = new jsforce.Connection({
    oauth2: jsforceOAuth2(s, appName, options),
    version: API_VERSION,
  })
  const password = options.password ?? s.user(username).password
  return jsforceOAuthView(await rejection(conn.login(username, password)))
}

/**
 * jsforce's web server flow: its own authorization URL (PKCE on), the browser part by the
 * runner, then Connection.authorize with the code. Answers the logged-in connection.
 */
async function jsforceWebServer(s: ScenarioEngine, appName: string, username: string) {
  const oauth2 = jsforceOAuth2(s, appName, { useVerifier: true })
  const url = new URL(oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'catalog' }))
  const callback = await browserPart(s, appName, username, url)
  const code = callback.searchParams.get('code')
  if (!code) throw new Error(`the callback carried no code: ${callback.href}`)
  const conn = new jsforce.Connection({ oauth2, version: API_VERSION })
  await conn.authorize(code)
  if (!conn.refreshToken) throw new Error('jsforce received no refresh token')
  return conn
}

/** jsforce's refresh (OAuth2.refreshToken) of a token that must be refused. */
async function jsforceRefresh(conn: Connection): Promise<ClientView> {
  return jsforceOAuthView(await rejection(conn.oauth2.refreshToken(conn.refreshToken!)))
}

/**
 * openid-client's authorization code flow up to the callback: its own authorization URL
 * (state, and PKCE unless asked not to), the browser part by the runner.
 */
async function openidCallback(
  s: ScenarioEngine,
  appName: string,
  username: string,
  options: { scope?: string; pkce?: boolean; decision?: 'approve' | 'deny' } = {},
) {
  const config = await openidConfig(s, appName)
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.app(appName).callback,
    scope: options.scope ?? 'api refresh_token',
    state,
    ...(options.pkce === false
      ? {}
      : {
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        }),
  })
  const callback = await browserPart(
    s,
    appName,
    username,
    url,
    options.decision ? { decision: options.decision } : {},
  )
  return { config, callback, verifier, state }
}

/** openid-client's code grant on a callback that must fail (an error redirect or a refused code). */
async function openidCodeGrantError(
  flow: Awaited<ReturnType<typeof openidCallback>>,
  /** The code_verifier to send; null sends none. */
  verifier: string | null = flow.verifier,
): Promise<ClientView> {
  return openidView(
    await rejection(
      client.authorizationCodeGrant(flow.config, flow.callback, {
        ...(verifier === null ? {} : { pkceCodeVerifier: verifier }),
        expectedState: flow.state,
      }),
    ),
  )
}

/** openid-client's JWT bearer grant (genericGrantRequest), no client secret sent. */
async function openidJwtBearer(
  s: ScenarioEngine,
  username: string,
  claims: Record<string, unknown> = {},
): Promise<ClientView> {
  const config = await openidConfig(s, NIGHTLY_ETL, { none: true })
  const assertion = await signedAssertion(s, NIGHTLY_ETL, username, claims)
  return openidView(await rejection(client.genericGrantRequest(config, JWT_BEARER, { assertion })))
}

async function openidClientCredentials(
  s: ScenarioEngine,
  appName: string,
  secret?: string,
): Promise<ClientView> {
  const config = await openidConfig(s, appName, secret === undefined ? {} : { secret })
  return openidView(await rejection(client.clientCredentialsGrant(config)))
}

/** One device poll in Salesforce's shape (grant_type=device, code=…) through openid-client. */
async function openidDevicePoll(config: client.Configuration, code: string): Promise<ClientView> {
  return openidView(await rejection(client.genericGrantRequest(config, 'device', { code })))
}

// ------------------------------------------------------------------------------------
// The tables

const OBSERVED_THROUGH_A_CLIENT: Record<string, ClientCase> = {
  'INVALID_SESSION_ID-session-timeout': {
    client: 'jsforce',
    does: 'queries after the session timeout; a connection with a refresh token refreshes on its own',
    async observe(s) {
      const conn = await jsforceWebServer(s, ORDER_SYNC, ADA)
      // A connection holding only the access token, so jsforce has nothing to refresh with.
      const bare = new jsforce.Connection({
        instanceUrl: conn.instanceUrl,
        accessToken: conn.accessToken!,
        version: API_VERSION,
      })
      await bare.query('SELECT Id FROM Account')
      s.engine.clock.advance(clockStepMs(s))
      const seen = jsforceRestView(await rejection(bare.query('SELECT Id FROM Account')))

      const refreshed: string[] = []
      conn.on('refresh', (token: string) => refreshed.push(token))
      const retried = await conn.query('SELECT Id FROM Account')
      expect(refreshed).toHaveLength(1)
      expect(retried.totalSize).toBe((expectAt(s, 5).body as { totalSize: number }).totalSize)
      return [{ expected: expectAt(s, 3), seen }]
    },
  },
  OAUTH_APP_ACCESS_DENIED: {
    client: 'openid-client',
    does: 'authorizationCodeGrant on the error redirect after the login',
    async observe(s) {
      const flow = await openidCallback(s, PARTNER_PORTAL, RITA)
      return [{ expected: expectAt(s, 0), seen: await openidCodeGrantError(flow) }]
    },
  },
  OAUTH_APP_BLOCKED: {
    client: 'openid-client',
    does: 'clientCredentialsGrant',
    async observe(s) {
      return [{ expected: expectAt(s, 0), seen: await openidClientCredentials(s, NIGHTLY_ETL) }]
    },
  },
  REQUEST_LIMIT_EXCEEDED: {
    client: 'jsforce, openid-client',
    does: 'openid-client gets a token, jsforce calls limits() until the daily limit is spent',
    async observe(s) {
      const config = await openidConfig(s, NIGHTLY_ETL)
      const tokens = await client.clientCredentialsGrant(config)
      const conn = new jsforce.Connection({
        instanceUrl: s.baseUrl,
        accessToken: tokens.access_token,
        version: API_VERSION,
      })
      const calls = s.loaded.scenario.steps.filter((step) => 'request' in step).length
      for (let call = 1; call < calls; call += 1) {
        await conn.limits()
        if (call === 1) {
          // jsforce reads the Sforce-Limit-Info header the file expects after the first call.
          const usage = conn.limitInfo.apiUsage!
          const header = expectAt(s, 1).headers!['sforce-limit-info'] as { regex: string }
          expect(`api-usage=${usage.used}/${usage.limit}`).toMatch(new RegExp(header.regex))
        }
      }
      const seen = jsforceRestView(await rejection(conn.limits()))
      return [{ expected: expectAt(s, calls), seen }]
    },
  },
  access_denied: {
    client: 'openid-client',
    does: 'authorizationCodeGrant on the redirect after Deny',
    async observe(s) {
      const decision = flowOption(s, 0, 'decision') as 'deny'
      const flow = await openidCallback(s, ORDER_SYNC, ADA, { decision })
      return [{ expected: expectAt(s, 0), seen: await openidCodeGrantError(flow) }]
    },
  },
  audience_is_invalid: {
    client: 'openid-client',
    does: 'JWT bearer grant with the audience of the file',
    async observe(s) {
      const seen = await openidJwtBearer(s, INTEGRATION, tokenClaims(s, 0))
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
  authentication_failure: {
    client: 'jsforce',
    does: 'Connection.login with the wrong password',
    async observe(s) {
      const seen = await jsforceLogin(s, ORDER_SYNC, SAM, {
        password: tokenParam(s, 0, 'password'),
      })
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
  authorization_pending: {
    client: 'openid-client',
    does: 'polls the device code before anyone approved',
    async observe(s) {
      const code = await deviceCode(s, ORDER_SYNC, ADA)
      const seen = await openidDevicePoll(await openidConfig(s, ORDER_SYNC), code)
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
  'device-expired_token': {
    client: 'openid-client',
    does: 'polls a device code after it expired',
    async observe(s) {
      const code = await deviceCode(s, ORDER_SYNC, ADA)
      s.engine.clock.advance(clockStepMs(s))
      const seen = await openidDevicePoll(await openidConfig(s, ORDER_SYNC), code)
      return [{ expected: expectAt(s, 2), seen }]
    },
  },
  'expired_access-refresh_token-expire-after': {
    client: 'jsforce',
    does: "OAuth2.refreshToken after the policy's time ran out",
    async observe(s) {
      const conn = await jsforceWebServer(s, ORDER_SYNC, ADA)
      s.engine.clock.advance(clockStepMs(s))
      return [{ expected: expectAt(s, 2), seen: await jsforceRefresh(conn) }]
    },
  },
  'expired_access-refresh_token-expire-if-not-used': {
    client: 'jsforce',
    does: 'OAuth2.refreshToken after the token went unused too long',
    async observe(s) {
      const conn = await jsforceWebServer(s, ORDER_SYNC, ADA)
      s.engine.clock.advance(clockStepMs(s))
      return [{ expected: expectAt(s, 2), seen: await jsforceRefresh(conn) }]
    },
  },
  'expired_access-refresh_token-immediately-expire': {
    client: 'jsforce',
    does: 'OAuth2.refreshToken right after the login',
    async observe(s) {
      const conn = await jsforceWebServer(s, ORDER_SYNC, ADA)
      return [{ expected: expectAt(s, 1), seen: await jsforceRefresh(conn) }]
    },
  },
  'expired_access-refresh_token-revoked': {
    client: 'jsforce',
    does: 'OAuth2.revokeToken, then OAuth2.refreshToken',
    async observe(s) {
      const conn = await jsforceWebServer(s, ORDER_SYNC, ADA)
      await conn.oauth2.revokeToken(conn.refreshToken!)
      return [{ expected: expectAt(s, 2), seen: await jsforceRefresh(conn) }]
    },
  },
  'expired_authorization_code-reused': {
    client: 'openid-client',
    does: 'authorizationCodeGrant twice on the same callback',
    async observe(s) {
      const flow = await openidCallback(s, ORDER_SYNC, ADA)
      const first = await client.authorizationCodeGrant(flow.config, flow.callback, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
      })
      expect(first.access_token).toBeTruthy()
      return [{ expected: expectAt(s, 1), seen: await openidCodeGrantError(flow) }]
    },
  },
  'expired_authorization_code-timed-out': {
    client: 'openid-client',
    does: 'authorizationCodeGrant after the code timed out',
    async observe(s) {
      const flow = await openidCallback(s, ORDER_SYNC, ADA)
      s.engine.clock.advance(clockStepMs(s))
      return [{ expected: expectAt(s, 2), seen: await openidCodeGrantError(flow) }]
    },
  },
  inactive_user: {
    client: 'jsforce, openid-client',
    does: 'JWT bearer grant (openid-client) and Connection.login (jsforce) as the frozen user',
    async observe(s) {
      return [
        { expected: expectAt(s, 0), seen: await openidJwtBearer(s, OLGA) },
        { expected: expectAt(s, 1), seen: await jsforceLogin(s, ORDER_SYNC, OLGA) },
      ]
    },
  },
  'invalid_app_access-not-admin-approved': {
    client: 'openid-client',
    does: 'JWT bearer grant as a user the app does not admit',
    async observe(s) {
      return [{ expected: expectAt(s, 0), seen: await openidJwtBearer(s, ADA) }]
    },
  },
  invalid_assertion: {
    client: 'openid-client',
    does: 'JWT bearer grant with the expiry of the file',
    async observe(s) {
      const seen = await openidJwtBearer(s, INTEGRATION, tokenClaims(s, 0))
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
  'invalid_client-wrong-secret': {
    client: 'openid-client',
    does: 'clientCredentialsGrant with the secret of the file',
    async observe(s) {
      const seen = await openidClientCredentials(s, NIGHTLY_ETL, tokenParam(s, 0, 'client_secret'))
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
  invalid_client_id: {
    client: 'jsforce',
    does: 'Connection.login with the consumer key of the file',
    async observe(s) {
      const seen = await jsforceLogin(s, ORDER_SYNC, ADA, {
        clientId: tokenParam(s, 0, 'client_id'),
      })
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
  invalid_scope: {
    client: 'openid-client',
    does: 'authorizationCodeGrant on the redirect for the scope of the file',
    async observe(s) {
      const flow = await openidCallback(s, ORDER_SYNC, ADA, { scope: flowOption(s, 0, 'scope') })
      return [{ expected: expectAt(s, 0), seen: await openidCodeGrantError(flow) }]
    },
  },
  'ip_restricted-login-hours': {
    client: 'jsforce',
    does: "Connection.login outside the profile's login hours",
    async observe(s) {
      return [{ expected: expectAt(s, 0), seen: await jsforceLogin(s, ORDER_SYNC, SAM) }]
    },
  },
  'ip_restricted-profile-ranges': {
    client: 'jsforce',
    does: "Connection.login from outside the profile's IP ranges",
    async observe(s) {
      return [{ expected: expectAt(s, 0), seen: await jsforceLogin(s, ORDER_SYNC, RITA) }]
    },
  },
  no_client_credentials_user_enabled: {
    client: 'openid-client',
    does: 'clientCredentialsGrant when the run-as user is inactive',
    async observe(s) {
      return [{ expected: expectAt(s, 0), seen: await openidClientCredentials(s, NIGHTLY_ETL) }]
    },
  },
  'pkce-missing_code_verifier': {
    client: 'openid-client',
    does: 'authorizationCodeGrant without the code_verifier',
    async observe(s) {
      const flow = await openidCallback(s, ORDER_SYNC, ADA)
      return [{ expected: expectAt(s, 0), seen: await openidCodeGrantError(flow, null) }]
    },
  },
  'pkce-required-no_code_challenge': {
    client: 'openid-client',
    does: 'authorizationCodeGrant on the redirect for a request without code_challenge',
    async observe(s) {
      const flow = await openidCallback(s, PARTNER_PORTAL, ADA, { pkce: false })
      return [{ expected: expectAt(s, 0), seen: await openidCodeGrantError(flow) }]
    },
  },
  'pkce-wrong_code_verifier': {
    client: 'openid-client',
    does: 'authorizationCodeGrant with the code_verifier of the file',
    async observe(s) {
      const flow = await openidCallback(s, ORDER_SYNC, ADA)
      const seen = await openidCodeGrantError(flow, tokenParam(s, 0, 'code_verifier'))
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
  'rate_limit_exceeded-login-rate': {
    client: 'jsforce',
    does: 'Connection.login once more than the hourly login limit allows',
    async observe(s) {
      const allowed = s.loaded.scenario.steps.length - 1
      for (let login = 0; login < allowed; login += 1) {
        const conn = new jsforce.Connection({
          oauth2: jsforceOAuth2(s, ORDER_SYNC),
          version: API_VERSION,
        })
        await conn.login(SAM, s.user(SAM).password)
      }
      return [{ expected: expectAt(s, allowed), seen: await jsforceLogin(s, ORDER_SYNC, SAM) }]
    },
  },
  slow_down: {
    client: 'openid-client',
    does: 'polls the device code twice without waiting the interval',
    async observe(s) {
      const code = await deviceCode(s, ORDER_SYNC, ADA)
      const config = await openidConfig(s, ORDER_SYNC)
      expect((await openidDevicePoll(config, code)).error).toBe('authorization_pending')
      return [{ expected: expectAt(s, 1), seen: await openidDevicePoll(config, code) }]
    },
  },
  user_hasnt_approved_this_consumer: {
    client: 'openid-client',
    does: 'JWT bearer grant to a self-authorize app nobody approved',
    async observe(s) {
      return [{ expected: expectAt(s, 0), seen: await openidJwtBearer(s, INTEGRATION) }]
    },
  },
  'username-password-external-client-app': {
    client: 'jsforce',
    does: "Connection.login with the external client app's key and secret",
    async observe(s) {
      const seen = await jsforceLogin(s, ORDER_SYNC, ADA, {
        clientId: tokenParam(s, 0, 'client_id'),
        clientSecret: tokenParam(s, 0, 'client_secret'),
      })
      return [{ expected: expectAt(s, 0), seen }]
    },
  },
}

/** Entries no client library can observe, each with the reason. */
const NO_CLIENT_EQUIVALENT: Record<string, string> = {
  redirect_uri_mismatch:
    'Salesforce shows an error page in the browser; no redirect reaches a client',
}

// ------------------------------------------------------------------------------------

const catalog = readdirSync(CATALOG_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length))
  .sort()

describe('the catalog of errors, as the clients see it', () => {
  it('classifies every catalog file: observed through a client, or no client equivalent', () => {
    const observed = Object.keys(OBSERVED_THROUGH_A_CLIENT)
    const excused = Object.keys(NO_CLIENT_EQUIVALENT)
    expect(
      catalog.filter((name) => !observed.includes(name) && !excused.includes(name)),
      'catalog files in neither OBSERVED_THROUGH_A_CLIENT nor NO_CLIENT_EQUIVALENT',
    ).toEqual([])
    expect(
      [...observed, ...excused].filter((name) => !catalog.includes(name)),
      'table entries with no file in resources/scenarios',
    ).toEqual([])
    expect(
      observed.filter((name) => excused.includes(name)),
      'entries in both tables',
    ).toEqual([])
  })

  it.each(Object.entries(NO_CLIENT_EQUIVALENT).map(([name, reason]) => ({ name, reason })))(
    'no client equivalent — $name: $reason',
    ({ name }) => {
      expect(catalog).toContain(name)
    },
  )

  it.each(Object.entries(OBSERVED_THROUGH_A_CLIENT).map(([name, entry]) => ({ name, ...entry })))(
    '$name — $client: $does',
    async ({ name, client: library, does, observe }) => {
      const s = await startScenario(`${name}.json`)
      try {
        const observed = await observe(s)
        expect(observed.length).toBeGreaterThan(0)
        for (const { expected, seen } of observed) {
          expect(compareWithFile(expected, seen).mismatches, `${library}: ${does}`).toEqual([])
        }
      } finally {
        await s.gh.close()
      }
    },
  )
})
