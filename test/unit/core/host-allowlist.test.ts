import { describe, expect, it } from 'vitest'
import { allowedHostsFor, isAllowedHost } from '../../../src/core/http/host-allowlist'

describe('Host allowlist (DNS rebinding)', () => {
  const allowed = allowedHostsFor('127.0.0.1', 8787)

  it('accepts the loopback names on our port', () => {
    for (const host of ['127.0.0.1:8787', 'localhost:8787', 'LOCALHOST:8787', '[::1]:8787']) {
      expect(isAllowedHost(host, allowed)).toBe(true)
    }
  })

  it('refuses other names, other ports and a missing header', () => {
    for (const host of [
      'attacker.example:8787',
      '127.0.0.1:80',
      'localhost',
      '127.0.0.1.nip.io:8787',
      undefined,
    ]) {
      expect(isAllowedHost(host, allowed)).toBe(false)
    }
  })

  it('adds an explicitly bound address and configured names', () => {
    const lan = allowedHostsFor('192.0.2.10', 9000, ['gatehouse.internal'])
    expect(isAllowedHost('192.0.2.10:9000', lan)).toBe(true)
    expect(isAllowedHost('gatehouse.internal:9000', lan)).toBe(true)
    expect(isAllowedHost('evil.example:9000', lan)).toBe(false)
  })
})
