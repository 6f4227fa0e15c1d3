import { generateKeyPairSync } from 'node:crypto'
import { compactVerify, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { signRs256 } from '../../../src/core/tokens/rs256'

describe('signRs256', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })

  it('makes a compact JWS that jose verifies, header and claims in their own order', async () => {
    const header = { alg: 'RS256', typ: 'JWT', kid: 'CORE_ATJWT.00D.1', tty: 'sfdc-core-token' }
    const claims = { scp: 'api', aud: ['https://x'], sub: 'uid:005', exp: 2, iat: 1, jti: 'é✓' }
    const token = await signRs256(header, claims, privateKey)
    const { payload, protectedHeader } = await compactVerify(token, publicKey)
    expect(protectedHeader).toEqual(header)
    expect(Object.keys(decodeProtectedHeader(token))).toEqual(Object.keys(header))
    expect(new TextDecoder().decode(payload)).toBe(JSON.stringify(claims))
  })

  it('is refused by a verifier holding another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey
    const token = await signRs256({ alg: 'RS256' }, { sub: 'x' }, privateKey)
    await expect(compactVerify(token, other)).rejects.toThrow(/signature verification failed/)
  })

  it('rejects, rather than throws, when the key cannot sign', async () => {
    await expect(signRs256({ alg: 'RS256' }, {}, publicKey)).rejects.toThrow()
  })
})
