import { describe, expect, it } from 'vitest'
import { safeExternalUrl } from '../../../src/main/policy/external-url'

const SERVER = 'http://127.0.0.1:8787'

describe('safeExternalUrl (E11)', () => {
  it('accepts https: and returns the normalized URL, not the raw string', () => {
    expect(safeExternalUrl('https://Example.COM/a/../b?x=1#y', SERVER)).toBe(
      'https://example.com/b?x=1#y',
    )
    expect(safeExternalUrl('  https://example.com/\n', SERVER)).toBe('https://example.com/')
  })

  it('accepts http: only on the engine’s own origin', () => {
    expect(safeExternalUrl('http://127.0.0.1:8787/services/oauth2/authorize?a=b', SERVER)).toBe(
      'http://127.0.0.1:8787/services/oauth2/authorize?a=b',
    )
    expect(safeExternalUrl('http://127.0.0.1:8788/', SERVER)).toBeNull()
    expect(safeExternalUrl('http://localhost:8787/', SERVER)).toBeNull()
    expect(safeExternalUrl('http://example.com/', SERVER)).toBeNull()
    expect(safeExternalUrl('http://127.0.0.1:8787/', null)).toBeNull()
  })

  it.each([
    'file:///etc/passwd',
    'file://server/share/x.exe',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/etc/passwd',
    'data:text/html,hi',
    'mailto:a@b.test',
    'app://gatehouse/index.html',
    'https://user:pass@example.com/',
    'https://',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(safeExternalUrl(url, SERVER)).toBeNull()
  })

  it('refuses non-strings and absurdly long input', () => {
    expect(safeExternalUrl(undefined, SERVER)).toBeNull()
    expect(safeExternalUrl(42, SERVER)).toBeNull()
    expect(safeExternalUrl(new URL('https://example.com/'), SERVER)).toBeNull()
    expect(safeExternalUrl(`https://example.com/${'a'.repeat(5000)}`, SERVER)).toBeNull()
  })
})
