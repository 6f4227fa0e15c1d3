import { generateKeyPairSync } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCertificate, type TestCertificate } from '../../support/certs'
import { form, type RunningGatehouse } from '../../support/gatehouse'
import { C1, testWorkspace, USERS } from '../../support/workspace'
import { admin } from '../admin/support'
import {
  authorizeInBrowser,
  basic,
  Browser,
  getExchange,
  listExchanges,
  startWithOptions,
  TOKEN,
} from './support'

/** JWTs found in exchanges, decoded for display with their signatures checked. */
const SIGNER = { name: 'Cert App', key: '3MVG9CERT.jwt.decode.consumer.key' }
let gh: RunningGatehouse
let cert: TestCertificate

beforeAll(async () => {
  cert = await createTestCertificate('decode')
  const workspace = testWorkspace()
  workspace.apps!.push({
    kind: 'connectedApp',
    name: SIGNER.name,
    consumerKey: SIGNER.key,
    scopes: ['api'],
    certificate: cert.certificatePem,
    policies: { permittedUsers: 'adminApprovedPreAuthorized', profiles: ['System Administrator'] },
  })
  gh = await startWithOptions({ workspace })
})
afterAll(() => gh.close())

async function lastDetail() {
  const [last] = await listExchanges(gh, 'limit=1')
  return getExchange(gh, last!.id)
}

const seconds = () => Math.floor(gh.clock.now() / 1000)

async function withBearer(token: string) {
  await gh.fetch('/services/oauth2/userinfo', { headers: { authorization: `Bearer ${token}` } })
  return (await lastDetail()).jwts
}

describe('decoded JWTs', () => {
  it("an id_token in a token response: header, claims, times, and Gatehouse's signature", async () => {
    const browser = new Browser(gh)
    const { code } = await authorizeInBrowser(
      gh,
      browser,
      { response_type: 'code', client_id: C1.key, redirect_uri: C1.redirect, scope: 'openid api' },
      USERS.ada,
    )
    await gh.fetch(TOKEN, {
      method: 'POST',
      headers: { authorization: basic(C1.key, C1.secret) },
      body: form({ grant_type: 'authorization_code', code, redirect_uri: C1.redirect }),
    })
    const { jwts } = await lastDetail()
    expect(jwts).toHaveLength(1)
    const [idToken] = jwts
    const kid = gh.engine.oauth.keys.active().kid
    expect(idToken).toMatchObject({
      location: 'response.body.id_token',
      kind: 'id_token',
      header: { alg: 'RS256', kid },
      claims: { iss: gh.baseUrl, aud: C1.key },
      signature: { status: 'valid', keySource: 'gatehouse_jwks', kid },
    })
    expect(idToken!.signature.detail).toContain(`Gatehouse key ${kid}`)
    const exp = idToken!.times.find((t) => t.claim === 'exp')!
    expect(exp.iso).toBe(new Date(exp.value * 1000).toISOString())
    expect(exp.relative).toMatch(/^\d+ (min|s).* after this exchange$/)
    expect(idToken!.times.map((t) => t.claim)).toContain('iat')

    // Rotation keeps the old key published: the recorded token still verifies.
    await admin(gh, 'POST', '/keys/rotate')
    const again = await getExchange(gh, (await listExchanges(gh, 'endpoint=token&limit=1'))[0]!.id)
    expect(again.jwts[0]!.signature.status).toBe('valid')
  })

  it('a bearer JWT: valid, tampered, from an unknown key, unsigned', async () => {
    const key = gh.engine.oauth.keys.active()
    const good = await new SignJWT({ scope: 'api' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(gh.baseUrl)
      .setIssuedAt(seconds() - 7200)
      .setExpirationTime(seconds() - 3600)
      .sign(key.privateKey)
    const [valid] = await withBearer(good)
    expect(valid).toMatchObject({
      location: 'request.headers.authorization',
      kind: 'bearer',
      signature: { status: 'valid' },
    })
    expect(valid!.times.find((t) => t.claim === 'exp')!.relative).toBe(
      '1 h before this exchange (expired)',
    )

    const [head, payload, signature] = good.split('.')
    const forged = Buffer.from(JSON.stringify({ scope: 'full', iss: gh.baseUrl })).toString(
      'base64url',
    )
    const [tampered] = await withBearer(`${head}.${forged}.${signature}`)
    expect(tampered!.signature.status).toBe('invalid')
    expect(tampered!.claims.scope).toBe('full')

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: '9999' })
      .sign(stranger)
    const [unknown] = await withBearer(foreign)
    expect(unknown!.signature).toMatchObject({ status: 'unknown_key', kid: '9999' })

    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`
    const [unsigned] = await withBearer(none)
    expect(unsigned!.signature.status).toBe('unsigned')
  })

  it("a JWT bearer assertion is checked against the app's certificate", async () => {
    const assertion = (signer = cert.privateKey, iss = SIGNER.key) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(iss)
        .setSubject(USERS.ada)
        .setAudience(gh.baseUrl)
        .setExpirationTime(seconds() + 120)
        .sign(signer)
    const post = async (token: string) => {
      await gh.fetch(TOKEN, {
        method: 'POST',
        body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: token }),
      })
      return (await lastDetail()).jwts.find((j) => j.kind === 'assertion')!
    }

    const good = await post(await assertion())
    expect(good).toMatchObject({
      location: 'request.body.assertion',
      claims: { iss: SIGNER.key, sub: USERS.ada },
      signature: { status: 'valid', keySource: 'app_certificate' },
    })
    expect(good.signature.detail).toContain(SIGNER.name)

    const other = await createTestCertificate('someone-else')
    expect((await post(await assertion(other.privateKey))).signature.status).toBe('invalid')
    expect((await post(await assertion(cert.privateKey, '3MVG9nobody'))).signature).toMatchObject({
      status: 'no_key',
    })
    const noCert = await post(await assertion(cert.privateKey, C1.key))
    expect(noCert.signature).toMatchObject({ status: 'no_key', keySource: 'app_certificate' })
  })

  it('opaque tokens are not taken for JWTs', async () => {
    await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: 'Bearer 00Dabc!opaque.value' },
    })
    expect((await lastDetail()).jwts).toEqual([])
  })
})
