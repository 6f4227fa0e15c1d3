import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../src/core/tokens/random'
import { createTestCertificate, type TestCertificate } from '../../support/certs'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { PASSWORD, USERS } from '../../support/workspace'
import { authorizePath, BrowserClient, locationOf } from '../authorize/support'
import { issueTokens } from '../endpoints/support'
import {
  detailOf,
  injectForm,
  OFFICE,
  policyWorkspace,
  RITA,
  stepsOf,
  TOKEN,
  tracedServer,
  type TracedServer,
} from './support'

/**
 * Each value of each app policy, with the exact Salesforce error and the step that decided:
 * permitted users, blocked apps, session timeout, and the IP relaxation the JWT bearer flow
 * ignores. One app per combination, named after it.
 */
let gh: RunningGatehouse
let traced: TracedServer
let cert: TestCertificate

const SECRET = 'decision-table-secret-0123456789abcdef012345'
const key = (name: string) => `3MVG9DT.${name}.decision.table.consumer.key`
const REDIRECT = 'https://decisions.test/cb'

interface AppSpec {
  name: string
  policies: Record<string, unknown>
}

const APPS: AppSpec[] = [
  { name: 'self', policies: { permittedUsers: 'allSelfAuthorize' } },
  {
    name: 'admin',
    policies: { permittedUsers: 'adminApprovedPreAuthorized', profiles: ['System Administrator'] },
  },
  { name: 'blocked', policies: { blocked: true } },
  { name: 'timeout15', policies: { sessionTimeoutMinutes: 15 } },
  {
    name: 'relaxed',
    policies: {
      ipRelaxation: 'relax',
      permittedUsers: 'adminApprovedPreAuthorized',
      profiles: ['Restricted Staff'],
    },
  },
]

beforeAll(async () => {
  cert = await createTestCertificate()
  const ws = policyWorkspace()
  for (const spec of APPS) {
    ws.apps.push({
      kind: 'connectedApp',
      name: spec.name,
      consumerKey: key(spec.name),
      consumerSecret: SECRET,
      callbackUrls: [REDIRECT],
      scopes: ['api', 'refresh_token', 'openid'],
      usernamePassword: { enabled: true },
      certificate: cert.certificatePem,
      policies: spec.policies,
    })
  }
  ws.profiles.find((p) => p.name === 'Restricted Staff')!.loginIpRanges = [OFFICE]
  gh = await startGatehouse({ workspace: ws })
  traced = await tracedServer(gh)
})
afterAll(async () => {
  await traced.close()
  await gh.close()
})

const password = (app: string, username: string) =>
  traced.app.inject({
    method: 'POST',
    url: TOKEN,
    ...injectForm({
      grant_type: 'password',
      client_id: key(app),
      client_secret: SECRET,
      username,
      password: PASSWORD,
    }),
  })

async function jwtBearer(app: string, username: string) {
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(key(app))
    .setSubject(username)
    .setAudience('https://login.salesforce.com')
    .setExpirationTime(Math.floor(gh.clock.now() / 1000) + 180)
    .sign(cert.privateKey)
  return traced.app.inject({
    method: 'POST',
    url: TOKEN,
    ...injectForm({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  })
}

describe('permitted users', () => {
  const table: Array<[string, string, string, number, unknown]> = [
    ['self', 'password', USERS.ada, 200, undefined],
    [
      'self',
      'jwt',
      USERS.ada,
      400,
      { error: 'invalid_grant', error_description: "user hasn't approved this consumer" },
    ],
    ['admin', 'password', USERS.ada, 200, undefined],
    ['admin', 'jwt', USERS.ada, 200, undefined],
    // The password flow answers every refusal with its one uniform error.
    [
      'admin',
      'password',
      USERS.sam,
      400,
      { error: 'invalid_grant', error_description: 'authentication failure' },
    ],
    [
      'admin',
      'jwt',
      USERS.sam,
      400,
      {
        error: 'invalid_app_access',
        error_description: 'user is not admin approved to access this app',
      },
    ],
  ]
  for (const [app, grant, username, status, body] of table) {
    it(`${app === 'self' ? 'allSelfAuthorize' : 'adminApprovedPreAuthorized'} × ${grant} × ${username} → ${status}`, async () => {
      const res =
        grant === 'password' ? await password(app, username) : await jwtBearer(app, username)
      expect(res.statusCode).toBe(status)
      if (body) {
        expect(res.json()).toEqual(body)
        expect(stepsOf(traced.last())).toContain('user.approved:failed')
      }
    })
  }
})

describe('blocked apps', () => {
  it('the token endpoint: OAUTH_APP_BLOCKED at client.blocked', async () => {
    const res = await password('blocked', USERS.ada)
    expect(res.json()).toEqual({
      error: 'OAUTH_APP_BLOCKED',
      error_description: 'this app is blocked by admin',
    })
    expect(stepsOf(traced.last())).toContain('client.blocked:failed')
  })

  it('the authorization endpoint: OAUTH_APP_BLOCKED back to the app', async () => {
    const client = new BrowserClient(gh)
    const res = await client.get(
      authorizePath({ response_type: 'code', client_id: key('blocked'), redirect_uri: REDIRECT }),
    )
    expect(res.status).toBe(302)
    expect(locationOf(gh, res).searchParams.get('error')).toBe('OAUTH_APP_BLOCKED')
  })

  it('an app that is not blocked says so', async () => {
    await password('self', USERS.ada)
    expect(detailOf(traced.last(), 'client.blocked')).toBe('app self is not blocked')
  })
})

describe('session timeout', () => {
  it('null: the org’s; a value: the app’s — on the virtual clock', async () => {
    for (const [app, minutes] of [
      ['self', 120],
      ['timeout15', 15],
    ] as const) {
      const res = await password(app, USERS.ada)
      const token = res.json().access_token as string
      expect(detailOf(traced.last(), 'policy.session_timeout')).toMatch(
        new RegExp(`^access tokens live ${minutes} min`),
      )
      const row = gh.engine.oauth.store.findAccessToken(sha256Hex(token))!
      expect(row.expires_at - row.created_at).toBe(minutes * 60_000)
    }
  })
})

describe('JWT bearer always enforces IP restrictions', () => {
  it('even for an app that relaxes them, while the password flow is relaxed', async () => {
    expect((await password('relaxed', RITA)).statusCode).toBe(200)
    const res = await jwtBearer('relaxed', RITA)
    expect(res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'ip restricted or invalid login hours',
    })
    expect(detailOf(traced.last(), 'policy.ip')).toContain(
      'JWT bearer logins always enforce IP restrictions',
    )
  })

  it('refresh tokens issued by the engine still refresh under relax', async () => {
    const issued = await issueTokens(gh.engine, {
      app: key('relaxed'),
      username: RITA,
      scopes: ['api', 'refresh_token'],
    })
    const res = await traced.app.inject({
      method: 'POST',
      url: TOKEN,
      ...injectForm({
        grant_type: 'refresh_token',
        client_id: key('relaxed'),
        client_secret: SECRET,
        refresh_token: issued.refreshToken!,
      }),
    })
    expect(res.statusCode).toBe(200)
  })
})
