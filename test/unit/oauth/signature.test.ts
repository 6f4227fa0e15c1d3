import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { tokenSignature } from '../../../src/core/tokens/signature'
import {
  newAuthorizationCode,
  newOpaqueAccessToken,
  newRefreshToken,
} from '../../../src/core/tokens/random'

describe('Salesforce token shapes', () => {
  it('signature is Base64 HMAC-SHA256 of id + issued_at keyed by the consumer secret', () => {
    const id = 'https://login.salesforce.com/id/00Dx0000000BV7zEAG/005x00000012Q9PAAU'
    const sig = tokenSignature('secret', id, '1278448832702')
    expect(sig).toBe(
      createHmac('sha256', 'secret')
        .update(id + '1278448832702')
        .digest('base64'),
    )
    expect(sig).toHaveLength(44)
  })

  it('access tokens start with the 15-character org id and a "!" (the CLI parses it)', () => {
    const token = newOpaqueAccessToken('00D5g00000ABCDEFGH')
    expect(token).toMatch(/^(00D\w{12,15})![.\w]*$/)
    expect(token.split('!')[0]).toBe('00D5g00000ABCDE')
  })

  it('refresh tokens fit the Salesforce CLI pattern', () => {
    expect(newRefreshToken()).toMatch(/^[a-zA-Z0-9._-]+={0,2}$/)
  })

  it('codes look like Salesforce codes and never repeat across 10,000 draws', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 10_000; i++) seen.add(newAuthorizationCode())
    expect(seen.size).toBe(10_000)
    expect([...seen][0]).toMatch(/^aPrx[A-Za-z0-9]+=*$/)
  })
})
