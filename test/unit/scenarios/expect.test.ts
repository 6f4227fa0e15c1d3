import { describe, expect, it } from 'vitest'
import { checkExpect, matches, type Observation } from '../../../src/core/scenarios'
import { whyLines } from '../../../src/core/scenarios/expect'

const oauthFailure: Observation = {
  status: 400,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: 'invalid_grant', error_description: 'authentication failure' }),
  location: null,
  outcome: 'failed',
  failedStep: 'password.verify',
  why: [
    { name: 'client.lookup', outcome: 'passed', detail: 'found' },
    {
      name: 'password.verify',
      outcome: 'failed',
      detail: 'wrong password',
      error: { error: 'invalid_grant', error_description: 'authentication failure', status: 400 },
    },
  ],
}

describe('the expectation matcher', () => {
  it('matches exact values, regular expressions, presence and deep equality', () => {
    expect(matches('a', 'a')).toBe(true)
    expect(matches('1', 1)).toBe(false)
    expect(matches(null, null)).toBe(true)
    expect(matches({ regex: '^inv' }, 'invalid_grant')).toBe(true)
    expect(matches({ regex: 'GRANT', flags: 'i' }, 'invalid_grant')).toBe(true)
    expect(matches({ regex: 'x' }, undefined)).toBe(false)
    expect(matches({ present: true }, '')).toBe(true)
    expect(matches({ present: false }, undefined)).toBe(true)
    expect(matches({ present: false }, 'x')).toBe(false)
    expect(matches({ equals: { a: [1] } }, { a: [1] })).toBe(true)
  })

  it('checks an OAuth error field by field, with expected and got', () => {
    const results = checkExpect(
      {
        status: 400,
        error: 'invalid_grant',
        error_description: 'expired authorization code',
        failedStep: 'password.verify',
        body: { access_token: { present: false } },
      },
      oauthFailure,
    )
    expect(results).toEqual([
      { field: 'status', expected: '400', got: '400', pass: true },
      { field: 'error', expected: '"invalid_grant"', got: '"invalid_grant"', pass: true },
      {
        field: 'error_description',
        expected: '"expired authorization code"',
        got: '"authentication failure"',
        pass: false,
      },
      { field: 'failedStep', expected: '"password.verify"', got: '"password.verify"', pass: true },
      { field: 'body.access_token', expected: '(absent)', got: '(absent)', pass: true },
    ])
  })

  it('reads the error from a redirect, a plain-text page and the REST array', () => {
    const redirect: Observation = {
      status: 302,
      headers: {},
      body: '',
      location:
        'http://localhost:3000/cb?error=access_denied&error_description=end-user+denied+authorization&state=s',
    }
    expect(
      checkExpect({ error: 'access_denied', redirect: { state: 's' } }, redirect).every(
        (r) => r.pass,
      ),
    ).toBe(true)
    const fragment: Observation = { ...redirect, location: 'http://x/cb#error=access_denied' }
    expect(checkExpect({ error: 'access_denied' }, fragment)[0]!.pass).toBe(true)
    const page: Observation = {
      status: 400,
      headers: {},
      body: 'error=invalid_client_id&error_description=client%20identifier%20invalid',
      location: null,
    }
    expect(checkExpect({ error_description: 'client identifier invalid' }, page)[0]!.pass).toBe(
      true,
    )
    const rest: Observation = {
      status: 401,
      headers: { 'sforce-limit-info': 'api-usage=1/15000' },
      body: '[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]',
      location: null,
    }
    expect(
      checkExpect(
        {
          errorCode: 'INVALID_SESSION_ID',
          message: { regex: 'expired' },
          headers: { 'Sforce-Limit-Info': { regex: '^api-usage=' } },
          body: { '0.errorCode': 'INVALID_SESSION_ID' },
        },
        rest,
      ).map((r) => [r.field, r.pass]),
    ).toEqual([
      ['errorCode', true],
      ['message', true],
      ['body.0.errorCode', true],
      ['headers.sforce-limit-info', true],
    ])
  })

  it('checks JWT claims by kind, the response one first', () => {
    const obs: Observation = {
      ...oauthFailure,
      jwts: [
        {
          location: 'response.body.id_token',
          kind: 'id_token',
          token: 't',
          header: {},
          claims: { aud: 'key', nonce: 'n' },
          times: [],
          signature: { status: 'valid', detail: '', keySource: 'gatehouse_jwks', kid: '1' },
        },
      ],
    }
    expect(checkExpect({ jwt: { id_token: { aud: 'key', exp: { present: true } } } }, obs)).toEqual(
      [
        { field: 'jwt.id_token.aud', expected: '"key"', got: '"key"', pass: true },
        { field: 'jwt.id_token.exp', expected: '(present)', got: '(absent)', pass: false },
      ],
    )
  })

  it('tells the Why in a few lines: the passed steps, then the failing one with its error', () => {
    expect(whyLines(oauthFailure)).toEqual([
      '✓ client.lookup',
      '✗ password.verify: wrong password → 400 invalid_grant: authentication failure',
    ])
  })
})
