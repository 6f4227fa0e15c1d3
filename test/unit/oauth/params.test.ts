import { describe, expect, it } from 'vitest'
import { readParams } from '../../../src/core/oauth/params'
import { readClientCredentials, secretMatches } from '../../../src/core/oauth/client-auth'
import { OAuthError } from '../../../src/core/salesforce/errors'

function errorOf(fn: () => unknown): OAuthError {
  try {
    fn()
  } catch (err) {
    if (err instanceof OAuthError) return err
    throw err
  }
  throw new Error('expected an OAuthError')
}

describe('readParams', () => {
  it('refuses a parameter repeated in the body (security case 25)', () => {
    const err = errorOf(() => readParams({ grant_type: ['authorization_code', 'refresh_token'] }))
    expect(err.toJSON()).toEqual({
      error: 'invalid_request',
      error_description: 'duplicate parameter: grant_type',
    })
  })

  it('refuses the same parameter in the query and the body', () => {
    const err = errorOf(() => readParams({ code: 'a' }, { code: 'b' }))
    expect(err.error).toBe('invalid_request')
  })

  it('keeps __proto__ as a plain key without touching prototypes', () => {
    const body = JSON.parse('{"__proto__": "x", "a": "1"}') as object
    const params = readParams(body)
    expect(params.get('a')).toBe('1')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('client authentication', () => {
  const basic = (id: string, secret: string) =>
    'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64')

  it('reads HTTP Basic and form-decodes its parts (RFC 6749 §2.3.1)', () => {
    const creds = readClientCredentials(new Map(), basic('my%3Aid', 's%25cret'))
    expect(creds).toEqual({ clientId: 'my:id', clientSecret: 's%cret', method: 'basic' })
  })

  it('refuses Basic and a body secret together (security case 23)', () => {
    const err = errorOf(() =>
      readClientCredentials(new Map([['client_secret', 'x']]), basic('id', 's')),
    )
    expect(err.error).toBe('invalid_request')
  })

  it('reads body credentials', () => {
    const creds = readClientCredentials(
      new Map([
        ['client_id', 'id'],
        ['client_secret', 's'],
      ]),
      undefined,
    )
    expect(creds).toEqual({ clientId: 'id', clientSecret: 's', method: 'body' })
  })

  it('compares secrets exactly', () => {
    expect(secretMatches('abc', 'abc')).toBe(true)
    expect(secretMatches('abd', 'abc')).toBe(false)
    expect(secretMatches(undefined, '')).toBe(false)
    expect(secretMatches('abc ', 'abc')).toBe(false)
  })
})
