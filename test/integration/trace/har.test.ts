import { SignJWT } from 'jose'
import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCertificate } from '../../support/certs'
import { form, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, testWorkspace, USERS } from '../../support/workspace'
import { admin, type Json } from '../admin/support'
import {
  authorizeInBrowser,
  basic,
  Browser,
  listExchanges,
  pkce,
  startWithOptions,
  TOKEN,
} from './support'

/**
 * HAR export of a flow and of a set of exchanges. A redacted HAR must contain none of the
 * secrets, passwords, codes and tokens the flows used, in Json form, anywhere.
 */
const JWT_APP = {
  name: 'JWT Signer',
  key: '3MVG9JWT.har.test.signer.consumer.key',
  secret: 'jwt-har-secret-0123456789abcdef0123456789',
}

let gh: RunningGatehouse
let flowId: number
/** Every secret value the test created or received. */
const secrets: string[] = [C1.secret, PASSWORD, JWT_APP.secret]

beforeAll(async () => {
  const cert = await createTestCertificate('har-jwt')
  const workspace = testWorkspace()
  workspace.apps!.push({
    kind: 'connectedApp',
    name: JWT_APP.name,
    consumerKey: JWT_APP.key,
    consumerSecret: JWT_APP.secret,
    scopes: ['api'],
    certificate: cert.certificatePem,
    policies: { permittedUsers: 'adminApprovedPreAuthorized', profiles: ['System Administrator'] },
  })
  gh = await startWithOptions({ workspace })

  // The web server flow, end to end, with every kind of secret on the wire.
  const browser = new Browser(gh)
  const { verifier, challenge } = pkce()
  const { code, csrfs } = await authorizeInBrowser(
    gh,
    browser,
    {
      response_type: 'code',
      client_id: C1.key,
      redirect_uri: C1.redirect,
      scope: 'api refresh_token openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce: 'n-0S6_WzA2Mj',
    },
    USERS.ada,
  )
  secrets.push(code, verifier, ...csrfs, ...browser.cookieValues())
  flowId = (await listExchanges(gh, 'limit=1'))[0]!.flowId!
  const tokenResponse = await gh.fetch(TOKEN, {
    method: 'POST',
    headers: { authorization: basic(C1.key, C1.secret) },
    body: form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: C1.redirect,
      code_verifier: verifier,
    }),
  })
  const tokens = (await tokenResponse.json()) as Record<string, string>
  secrets.push(tokens.access_token!, tokens.refresh_token!, tokens.id_token!, tokens.signature!)
  await gh.fetch('/services/oauth2/userinfo', {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  })
  const refreshed = (await (
    await gh.fetch(TOKEN, {
      method: 'POST',
      body: form({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: C1.key,
        client_secret: C1.secret,
      }),
    })
  ).json()) as Record<string, string>
  secrets.push(refreshed.access_token!, refreshed.signature!)
  // A revoke sent as a GET, the token in the query string.
  await gh.fetch(`/services/oauth2/revoke?token=${encodeURIComponent(refreshed.access_token!)}`)

  // jsforce's password login and a REST call.
  const conn = new jsforce.Connection({
    oauth2: {
      loginUrl: gh.baseUrl,
      clientId: C1.key,
      clientSecret: C1.secret,
      redirectUri: C1.redirect,
    },
    version: '62.0',
  })
  await conn.login(USERS.ada, PASSWORD)
  secrets.push(conn.accessToken!)
  await conn.query('SELECT Id FROM Account')

  // A JWT bearer assertion signed with the app's key.
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(JWT_APP.key)
    .setSubject(USERS.ada)
    .setAudience(gh.baseUrl)
    .setExpirationTime(Math.floor(gh.clock.now() / 1000) + 180)
    .sign(cert.privateKey)
  const bearer = await gh.fetch(TOKEN, {
    method: 'POST',
    body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  })
  secrets.push(assertion)
  if (bearer.status === 200)
    secrets.push(((await bearer.json()) as { access_token: string }).access_token)
})
afterAll(() => gh.close())

/** Every way a secret can appear: as is, URL-encoded, form-encoded, in Basic credentials. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ]
}

function leaks(text: string): string[] {
  return secrets
    .filter(Boolean)
    .filter((secret) => forms(secret).some((form) => text.includes(form)))
}

describe('HAR export', () => {
  it('a flow as HAR 1.2, oldest first, with Gatehouse additions', async () => {
    const res = await admin(gh, 'GET', `/flows/${flowId}/har`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="gatehouse-flow-${flowId}.har"`,
    )
    const { log } = res.body
    expect(log.version).toBe('1.2')
    expect(log.creator.name).toBe('Gatehouse')
    const entries = log.entries as Json[]
    expect(entries.map((e) => e._gatehouse.endpoint)).toEqual([
      'authorize',
      'login',
      'continue',
      'consent',
      'token',
      'userinfo',
      'token',
      'revoke',
    ])
    const [authorize, login, , consent] = entries
    expect(authorize.request.url).toMatch(new RegExp(`^${gh.baseUrl}/services/oauth2/authorize\\?`))
    expect(authorize.request.queryString).toContainEqual({ name: 'client_id', value: C1.key })
    expect(authorize.response.content.mimeType).toMatch(/text\/html/)
    expect(login.request.postData.params).toContainEqual({ name: 'username', value: USERS.ada })
    expect(consent.response.status).toBe(303)
    expect(consent.response.redirectURL).toMatch(/^https:\/\/app\.test\/cb\?code=/)
    for (const entry of entries) {
      expect(Date.parse(entry.startedDateTime)).toBeGreaterThan(0)
      expect(entry.time).toBeGreaterThanOrEqual(0)
      expect(entry.timings.wait).toBe(entry.time)
      expect(entry.request.httpVersion).toBe('HTTP/1.1')
      expect(Array.isArray(entry.request.headers)).toBe(true)
      expect(entry._gatehouse.flowId).toBe(flowId)
      expect(entry._gatehouse.steps.length).toBeGreaterThan(0)
    }
    // Unredacted, the export is faithful: the secrets are there.
    expect(leaks(JSON.stringify(res.body)).length).toBeGreaterThan(5)
  })

  it('redacted, a flow HAR contains no secret, password, code or token', async () => {
    const res = await admin(gh, 'GET', `/flows/${flowId}/har?redact=true`)
    expect(res.status).toBe(200)
    const text = JSON.stringify(res.body)
    expect(leaks(text)).toEqual([])
    expect(text).toContain('REDACTED')
    expect(res.body.log.comment).toMatch(/REDACTED/)
    // What is not secret survives: the flow still reads.
    const login = res.body.log.entries[1]
    expect(login.request.postData.params).toContainEqual({ name: 'username', value: USERS.ada })
    expect(login.request.postData.params).toContainEqual({ name: 'password', value: 'REDACTED' })
    const token = res.body.log.entries[4]
    expect(token.request.headers).toContainEqual({ name: 'authorization', value: 'Basic REDACTED' })
    expect(JSON.parse(token.response.content.text)).toMatchObject({
      access_token: 'REDACTED',
      refresh_token: 'REDACTED',
      id_token: 'REDACTED',
      token_type: 'Bearer',
    })
    expect(token.response.content.text).toContain('instance_url')
  })

  it('redacted, every recorded exchange together contains no secret anywhere', async () => {
    const all = await admin(gh, 'GET', '/exchanges/har?redact=true&limit=5000')
    expect(all.status).toBe(200)
    expect(all.body.log.entries.length).toBe((await listExchanges(gh, 'limit=500')).length)
    expect(leaks(JSON.stringify(all.body))).toEqual([])
    // Unredacted, every secret that crossed the wire is there (the JWT app's secret never did).
    const unredacted = await admin(gh, 'GET', '/exchanges/har?limit=5000')
    expect(leaks(JSON.stringify(unredacted.body))).toEqual(
      secrets.filter((secret) => secret && secret !== JWT_APP.secret),
    )
  })

  it('exports chosen exchanges by id, or by the list filters', async () => {
    const [a, b] = await listExchanges(gh, 'endpoint=token&limit=2')
    const byIds = await admin(gh, 'GET', `/exchanges/har?ids=${b!.id},${a!.id}`)
    expect(byIds.body.log.entries.map((e: Json) => e._gatehouse.exchangeId)).toEqual([b!.id, a!.id])
    const filtered = await admin(gh, 'GET', '/exchanges/har?endpoint=userinfo')
    expect(filtered.body.log.entries.every((e: Json) => e._gatehouse.endpoint === 'userinfo')).toBe(
      true,
    )
  })

  it('refuses bad input with the path named', async () => {
    const cases: Array<[string, string, string]> = [
      ['/exchanges/har?ids=1,x', 'query', 'ids'],
      ['/exchanges/har?redact=maybe', 'query', 'redact'],
      ['/exchanges/har?limit=5001', 'query', 'limit'],
      ['/flows/abc/har', 'params', 'id'],
      [`/flows/${flowId}/har?redact=yes`, 'query', 'redact'],
      [`/flows/${flowId}/har?format=json`, 'query', 'format'],
    ]
    for (const [path, where, name] of cases) {
      const res = await admin(gh, 'GET', path)
      expect({ path, status: res.status }).toEqual({ path, status: 400 })
      expect(res.body.issues).toContainEqual(expect.objectContaining({ in: where, path: name }))
    }
    expect((await admin(gh, 'GET', '/flows/999999/har')).status).toBe(404)
  })
})
