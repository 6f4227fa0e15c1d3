import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../src/main/policy/csp'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/)
      return [name, sources]
    }),
  )
}

describe('contentSecurityPolicy (E7)', () => {
  const csp = directives(contentSecurityPolicy('http://127.0.0.1:8787'))

  it('locks scripts to the packaged files', () => {
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'")
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'")
  })

  it('connects only to itself and the engine origin', () => {
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:8787'])
  })

  it('uses the origin of the API base, not its path', () => {
    const withPath = directives(contentSecurityPolicy('http://127.0.0.1:49152/_gatehouse/api'))
    expect(withPath.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:49152'])
  })

  it('has the checklist directives', () => {
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('form-action')).toEqual(["'none'"])
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:'])
    expect(csp.get('img-src')).toEqual(["'self'", 'data:'])
    expect(csp.get('font-src')).toEqual(["'self'", 'data:'])
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
  })

  it('refuses a non-http engine address', () => {
    expect(() => contentSecurityPolicy('file:///etc/passwd')).toThrow()
    expect(() => contentSecurityPolicy('not a url')).toThrow()
  })
})
