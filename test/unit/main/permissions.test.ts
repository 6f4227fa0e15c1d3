import { describe, expect, it } from 'vitest'
import { ALLOWED_PERMISSIONS, isPermissionAllowed } from '../../../src/main/policy/permissions'

describe('session permissions (E5)', () => {
  it.each([
    'media',
    'geolocation',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'openExternal',
    'fullscreen',
    'hid',
    'serial',
    'usb',
    'midiSysex',
    'pointerLock',
    'fileSystem',
    'unknown',
  ])('denies %s, even to the app itself', (permission) => {
    expect(isPermissionAllowed(permission, 'app://gatehouse/index.html')).toBe(false)
    expect(isPermissionAllowed(permission, 'app://gatehouse')).toBe(false)
  })

  it('grants only loopback network access and notifications, and only to app://gatehouse', () => {
    expect([...ALLOWED_PERMISSIONS].sort()).toEqual([
      'local-network-access',
      'loopback-network',
      'notifications',
    ])
    expect(isPermissionAllowed('notifications', 'app://gatehouse/index.html')).toBe(true)
    expect(isPermissionAllowed('notifications', 'https://evil.example')).toBe(false)
    expect(isPermissionAllowed('loopback-network', 'app://gatehouse')).toBe(true)
    expect(isPermissionAllowed('local-network-access', 'app://gatehouse/index.html')).toBe(true)
    for (const origin of [
      'https://evil.example',
      'app://gatehouse.evil',
      'http://127.0.0.1:8787',
      '',
      null,
      undefined,
    ]) {
      expect(isPermissionAllowed('loopback-network', origin)).toBe(false)
    }
  })
})
