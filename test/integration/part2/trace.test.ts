import type { FastifyInstance } from 'fastify'
import { SignJWT, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExchangeTrace } from '../../../src/core/oauth/exchange-trace'
import { buildServer } from '../../../src/core/server'
import { createTestCertificate, type TestCertificate } from '../../support/certs'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { issueTokens } from '../endpoints/support'
import { DV, JW, TX, part2Workspace } from './support'

/**
 * Every decision of the part-2 flows is a named step with the values compared (the "why" the
 * debugger shows). A second server over the same engine, driven by inject(), reads the trace
 * each request left. Other engineers add policy steps to the same tables, so the assertions
 * look for these steps in this order, not for the whole list.
 */
let gh: RunningGatehouse
let app: FastifyInstance
let last: ExchangeTrace | undefined
let idp: TestCertificate

beforeAll(async () => {
  idp = await createTestCertificate('trace-idp')
  gh = await startGatehouse({ workspace: part2Workspace({ certificate: idp.certificatePem }) })
  const server = await buildServer(gh.engine, {
    host: '127.0.0.1',
    logger: false,
    uiDir: null,
    allowedHosts: [],
  })
  server.setPort(80)
  app = server.app
  app.addHook('onResponse', async (request) => {
    last = request.gatehouse
  })
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await gh.close()
})

const steps = () => last!.log.steps.map((s) => `${s.name}:${s.outcome}`)
const failed = () => last!.log.failed()

/** `expected` appear in `steps()` in this order (other steps may sit between them). */
function expectStepsInOrder(expected: string[]): void {
  const actual = steps()
  let at = 0
  for (const name of expected) {
    const found = actual.indexOf(name, at)
    expect(found, `${name} after position ${at} in ${actual.join(', ')}`).toBeGreaterThanOrEqual(0)
    at = found + 1
  }
}

const post = (url: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost' },
  })

describe('device flow steps', () => {
  it('the device authorization request, then a first poll', async () => {
    const res = await post('/services/oauth2/token', {
      client_id: DV.key,
      response_type: 'device_code',
    })
    expect(res.statusCode).toBe(200)
    expectStepsInOrder([
      'params.unique:passed',
      'response.format:passed',
      'request.kind:passed',
      'client.lookup:passed',
      'client.blocked:passed',
      'client.secret:skipped',
      'device_flow.enabled:passed',
      'scope.allowed:passed',
      'device.issue:passed',
    ])
    expect(last!.grantType).toBe('device')
    expect(last!.appName).toBe(DV.name)

    const { device_code } = res.json() as { device_code: string }
    await post('/services/oauth2/token', {
      client_id: DV.key,
      grant_type: 'device',
      code: device_code,
    })
    expectStepsInOrder([
      'grant_type.supported:passed',
      'client.lookup:passed',
      'client.secret:skipped',
      'device_flow.enabled:passed',
      'device.lookup:passed',
      'device.expiry:passed',
      'device.poll:failed',
    ])
    expect(failed()!.detail).toBe('the user has not approved the device yet (first poll)')
    await post('/services/oauth2/token', {
      client_id: DV.key,
      grant_type: 'device',
      code: device_code,
    })
    expect(failed()!.error?.error).toBe('slow_down')
    expect(failed()!.detail).toMatch(
      /^polled \d+\.\d s after the previous poll; the interval is 5 s, now raised to 10 s$/,
    )
  })
})

describe('token exchange steps', () => {
  it('a happy exchange', async () => {
    const subject = await issueTokens(gh.engine, {
      app: TX.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    await post('/services/oauth2/token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: TX.key,
      client_secret: TX.secret,
      subject_token: subject.accessToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    })
    expectStepsInOrder([
      'exchange.request:passed',
      'client.lookup:passed',
      'client.secret:passed',
      'token_exchange.enabled:passed',
      'subject_token.verify:passed',
      'subject_token.client:passed',
      'exchange.audience:skipped',
      'user.active:passed',
      'user.approved:passed',
      'scope.allowed:passed',
      'tokens.issue:passed',
    ])
    expect(last!.username).toBe(USERS.ada)
  })

  it('each refused JWT says why', async () => {
    const now = Math.floor(gh.clock.now() / 1000)
    const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
      new SignJWT({ aud: gh.baseUrl, exp: now + 300, sub: USERS.ada, ...claims })
        .setProtectedHeader({ alg: 'RS256', ...header })
        .sign(idp.privateKey)
    const { privateKey: stranger } = await generateKeyPair('RS256')
    const cases: Array<[string, RegExp]> = [
      [
        await sign({ exp: now - 600 }),
        /does not verify with Exchange App's certificate: "exp" claim timestamp check failed/,
      ],
      [await sign({ aud: 'https://x.test' }), /unexpected "aud" claim value/],
      [await sign({}, { jku: 'https://evil.example/keys' }), /the header carries jku/],
      [await sign({ sub: 'ghost@acme.test' }), /sub "ghost@acme.test" names no user of this org/],
      [
        await new SignJWT({ sub: USERS.ada }).setProtectedHeader({ alg: 'RS256' }).sign(stranger),
        /does not verify with Exchange App's certificate: signature verification failed/,
      ],
      [
        await new SignJWT({ sub: USERS.ada })
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new Uint8Array(32)),
        /alg "HS256"; only RS256 is accepted/,
      ],
    ]
    for (const [token, why] of cases) {
      await post('/services/oauth2/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        client_id: TX.key,
        client_secret: TX.secret,
        subject_token: token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      })
      expect(failed()!.name).toBe('subject_token.verify')
      expect(failed()!.detail).toMatch(why)
    }
  })

  it('a foreign token fails subject_token.client', async () => {
    const foreign = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['api'],
    })
    await post('/services/oauth2/token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: TX.key,
      client_secret: TX.secret,
      subject_token: foreign.accessToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    })
    expect(failed()!.name).toBe('subject_token.client')
    expect(failed()!.detail).toBe(
      'the subject token was issued to Confidential One, not to Exchange App',
    )
  })
})

describe('user-agent and JWT access token steps', () => {
  it('authorize with token id_token and no nonce fails id_token.request', async () => {
    await app.inject({
      method: 'GET',
      url: `/services/oauth2/authorize?${new URLSearchParams({
        response_type: 'token id_token',
        client_id: C1.key,
        redirect_uri: C1.redirect,
        scope: 'openid',
      })}`,
      headers: { host: 'localhost' },
    })
    expectStepsInOrder([
      'response_type.supported:passed',
      'scope.allowed:passed',
      'id_token.request:failed',
    ])
  })

  it('a JWT access token at userinfo: the signature check stands in for the lookup', async () => {
    const issued = await issueTokens(gh.engine, {
      app: JW.key,
      username: USERS.ada,
      scopes: ['api', 'id'],
    })
    await app.inject({
      method: 'GET',
      url: '/services/oauth2/userinfo',
      headers: { host: 'localhost', authorization: `Bearer ${issued.accessToken}` },
    })
    expectStepsInOrder([
      'token.lookup:passed',
      'token.active:passed',
      'token.app:passed',
      'user.active:passed',
    ])
    expect(last!.log.steps.find((s) => s.name === 'token.lookup')!.detail).toMatch(
      /^JWT access token \(RS256, kid CORE_ATJWT\.00D5g00000ABCDE\.\d+, signature verified\) of grant /,
    )
    expect(last!.grantId).toBe(issued.grantId)
  })
})
