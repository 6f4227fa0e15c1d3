import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { admin } from './support'

let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(() => gh.close())

describe('POST /jwt/sign', () => {
  it('signs the given claims with the active key, verifiable against /id/keys', async () => {
    const claims = { iss: 'https://example.test', sub: 'someone', aud: 'x', exp: 4_102_444_800 }
    const res = await admin(gh, 'POST', '/jwt/sign', {
      header: { typ: 'JWT', alg: 'none', kid: 'mine' },
      claims,
      key: 'gatehouse',
    })
    expect(res.status).toBe(200)
    const keys = await admin(gh, 'GET', '/keys')
    expect(res.body.kid).toBe(keys.body.activeKid)
    expect(decodeProtectedHeader(res.body.token)).toEqual({
      typ: 'JWT',
      alg: 'RS256',
      kid: keys.body.activeKid,
    })
    const jwks = (await (await gh.fetch('/id/keys')).json()) as { keys: [] }
    const { payload } = await jwtVerify(res.body.token, createLocalJWKSet(jwks))
    expect(payload).toEqual(claims)
  })

  it('refuses an unknown key choice and missing claims, naming the field', async () => {
    const res = await admin(gh, 'POST', '/jwt/sign', { key: 'mine' })
    expect(res.status).toBe(400)
    const paths = (res.body.issues as Array<{ path: string }>).map((issue) => issue.path)
    expect(paths).toEqual(expect.arrayContaining(['claims', 'key']))
  })

  it('needs the admin token', async () => {
    const res = await gh.fetch('/_gatehouse/api/jwt/sign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ claims: {}, key: 'gatehouse' }),
    })
    expect(res.status).toBe(401)
  })
})
