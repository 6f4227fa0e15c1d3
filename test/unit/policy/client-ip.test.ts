import { describe, expect, it } from 'vitest'
import { firstForwardedAddress, resolveClientIp } from '../../../src/core/policy/client-ip'

const none = { clientIp: null, clockOffsetSeconds: 0 }
const everything = {
  clientIp: '198.51.100.1',
  clockOffsetSeconds: 0,
  appClientIps: { 'Order Sync': '198.51.100.2' },
  userClientIps: { 'ada@acme.test': '198.51.100.3' },
  trustForwardedFor: true,
}
const base = {
  username: 'Ada@Acme.test',
  appName: 'order sync',
  forwardedFor: '203.0.113.50, 10.0.0.1',
  socketIp: '::ffff:127.0.0.1',
}

describe('client IP resolution: fault > user > app > global > trusted X-Forwarded-For > socket', () => {
  it('takes each source in turn as the ones above it are removed', () => {
    const fault = { ip: '192.0.2.99', rule: 'ip-rule' }
    expect(resolveClientIp({ ...base, fault, simulation: everything })).toMatchObject({
      ip: '192.0.2.99',
      source: 'fault',
    })
    expect(resolveClientIp({ ...base, simulation: everything })).toMatchObject({
      ip: '198.51.100.3',
      source: 'user',
    })
    const { userClientIps: _u, ...noUser } = everything
    expect(resolveClientIp({ ...base, simulation: noUser })).toMatchObject({
      ip: '198.51.100.2',
      source: 'app',
    })
    const { appClientIps: _a, ...noApp } = noUser
    expect(resolveClientIp({ ...base, simulation: noApp })).toMatchObject({
      ip: '198.51.100.1',
      source: 'simulation',
    })
    expect(resolveClientIp({ ...base, simulation: { ...noApp, clientIp: null } })).toMatchObject({
      ip: '203.0.113.50',
      source: 'forwarded',
    })
    expect(resolveClientIp({ ...base, simulation: none })).toEqual({
      ip: '127.0.0.1',
      source: 'socket',
      detail:
        'the socket address; X-Forwarded-For "203.0.113.50, 10.0.0.1" ignored: it is not trusted',
    })
  })

  it('ignores X-Forwarded-For unless trusted (security case 47)', () => {
    const resolved = resolveClientIp({
      forwardedFor: '192.168.10.5',
      socketIp: '127.0.0.1',
      simulation: none,
    })
    expect(resolved.ip).toBe('127.0.0.1')
  })

  it('falls back to the socket when a trusted header names no address', () => {
    expect(
      resolveClientIp({
        forwardedFor: 'unknown',
        socketIp: '127.0.0.1',
        simulation: { ...none, trustForwardedFor: true },
      }),
    ).toEqual({
      ip: '127.0.0.1',
      source: 'socket',
      detail: 'the socket address (X-Forwarded-For "unknown" names no address)',
    })
  })

  it('reads the first address of a forwarded list', () => {
    expect(firstForwardedAddress(' 2001:db8::1 , 10.0.0.1')).toBe('2001:db8::1')
    expect(firstForwardedAddress('')).toBeUndefined()
    expect(firstForwardedAddress('evil, 10.0.0.1')).toBeUndefined()
  })
})
