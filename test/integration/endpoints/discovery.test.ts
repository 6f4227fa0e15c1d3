import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { issueTokens } from './support'

let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(async () => {
  await gh.close()
})

const WELL_KNOWN = ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']

describe('discovery (security case 43)', () => {
  it.each(WELL_KNOWN)(
    '%s: the issuer is the base URL and every endpoint sits under it',
    async (path) => {
      const res = await gh.fetch(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      const doc = (await res.json()) as Record<string, unknown>
      expect(doc.issuer).toBe(gh.baseUrl)
      expect(doc).toMatchObject({
        authorization_endpoint: `${gh.baseUrl}/services/oauth2/authorize`,
        token_endpoint: `${gh.baseUrl}/services/oauth2/token`,
        revocation_endpoint: `${gh.baseUrl}/services/oauth2/revoke`,
        introspection_endpoint: `${gh.baseUrl}/services/oauth2/introspect`,
        userinfo_endpoint: `${gh.baseUrl}/services/oauth2/userinfo`,
        jwks_uri: `${gh.baseUrl}/id/keys`,
      })
      for (const [name, value] of Object.entries(doc)) {
        if (name.endsWith('_endpoint') || name === 'jwks_uri') {
          expect(String(value).startsWith(`${gh.baseUrl}/`), name).toBe(true)
        }
      }
    },
  )

  it('advertises S256 only, the grant types, scopes and claims', async () => {
    const doc = (await (await gh.fetch(WELL_KNOWN[0]!)).json()) as Record<string, unknown>
    expect(doc.code_challenge_methods_supported).toEqual(['S256'])
    expect(doc.grant_types_supported).toEqual(
      expect.arrayContaining([
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
      ]),
    )
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'id', 'api', 'refresh_token', 'profile', 'email']),
    )
    expect(doc.claims_supported).toEqual(
      expect.arrayContaining(['sub', 'user_id', 'organization_id', 'preferred_username', 'email']),
    )
    expect(doc.response_types_supported).toEqual(['code', 'token', 'token id_token'])
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256'])
    expect(doc.subject_types_supported).toEqual(['public'])
    expect(doc.authorization_response_iss_parameter_supported).toBe(true)
    // RFC 8628's device endpoint (Salesforce's own clients use the token endpoint instead).
    expect(doc.device_authorization_endpoint).toBe(`${gh.baseUrl}/services/oauth2/device/authorize`)
  })

  it('the iss of an id_token equals the issuer', async () => {
    const doc = (await (await gh.fetch(WELL_KNOWN[0]!)).json()) as { issuer: string }
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['openid', 'api'],
      idToken: true,
    })
    expect(decodeJwt(issued.response.id_token!).iss).toBe(doc.issuer)
  })
})

describe('GET /id/keys', () => {
  const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth']

  async function jwks(): Promise<JSONWebKeySet> {
    const res = await gh.fetch('/id/keys')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    return (await res.json()) as JSONWebKeySet
  }

  it('publishes RS256 public keys with numeric-string kids and no private members', async () => {
    const { keys } = await jwks()
    expect(keys.length).toBeGreaterThanOrEqual(1)
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'RSA', e: 'AQAB', alg: 'RS256', use: 'sig' })
      // Numeric kids for id_tokens; each key again as CORE_ATJWT.<org15>.<ms> for JWT access tokens.
      expect(key.kid).toMatch(/^(\d+|CORE_ATJWT\.00D\w{12}\.\d+)$/)
      for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member)
    }
  })

  it('after rotation publishes both keys, and a token signed before rotation still verifies', async () => {
    const before = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['openid'],
      idToken: true,
    })
    const oldKid = decodeProtectedHeader(before.response.id_token!).kid!
    const newKid = gh.engine.oauth.keys.rotate()
    expect(newKid).not.toBe(oldKid)

    const set = await jwks()
    const kids = set.keys.map((k) => k.kid)
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]))
    for (const key of set.keys) {
      for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member)
    }

    const after = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['openid'],
      idToken: true,
    })
    expect(decodeProtectedHeader(after.response.id_token!).kid).toBe(newKid)

    const keySet = createLocalJWKSet(set)
    // Verify at issue time: id_tokens live 2 minutes and the clock keeps running.
    const options = {
      issuer: gh.baseUrl,
      audience: C1.key,
      algorithms: ['RS256'],
      currentDate: new Date(gh.clock.now()),
    }
    await expect(jwtVerify(before.response.id_token!, keySet, options)).resolves.toBeTruthy()
    await expect(jwtVerify(after.response.id_token!, keySet, options)).resolves.toBeTruthy()
  })
})
