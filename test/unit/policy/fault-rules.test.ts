import { describe, expect, it } from 'vitest'
import { corruptJwt, corruptTokenResponse } from '../../../src/core/policy/faults/corrupt'
import type { RequestFacts } from '../../../src/core/policy/faults/facts'
import { whenMatches } from '../../../src/core/policy/faults/match'
import { PRESETS, presetApplies } from '../../../src/core/policy/faults/presets'
import {
  FAULT_PRESETS,
  parseWorkspace,
  WorkspaceValidationError,
} from '../../../src/core/workspace'
import { minimalWorkspace } from '../workspace/sample'

function issues(faults: unknown[]): string[] {
  const ws = minimalWorkspace()
  ws.faults = faults
  try {
    parseWorkspace(ws)
    return []
  } catch (error) {
    if (!(error instanceof WorkspaceValidationError)) throw error
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`)
  }
}

describe('fault rule schema', () => {
  it('accepts each action alone, and latency or an address alongside one', () => {
    const actions = [
      { preset: 'ip-restricted' },
      { respond: { status: 503, error: 'service_unavailable' } },
      { latencyMs: 100 },
      { dropConnection: true },
      { corruptSignature: true },
      { expireTokens: true },
      { revokeTokens: true },
      { clientIp: '2001:db8::1' },
      { preset: 'slow-token-endpoint', latencyMs: 50, clientIp: '10.0.0.1' },
    ]
    for (const then of actions) expect(issues([{ when: {}, then }])).toEqual([])
  })

  it('refuses two deciding actions, no action, and wrong values, naming the path', () => {
    expect(issues([{ when: {}, then: { dropConnection: true, revokeTokens: true } }])).toEqual([
      'faults[0].then.revokeTokens: expected only one of preset, respond, dropConnection, corruptSignature, expireTokens, revokeTokens (dropConnection is already given)',
    ])
    expect(issues([{ when: {}, then: {} }])).toEqual([
      'faults[0].then: expected an action: preset, respond, dropConnection, corruptSignature, expireTokens, revokeTokens, latencyMs, clientIp',
    ])
    expect(issues([{ when: {}, then: { preset: 'server down' } }])[0]).toMatch(
      /^faults\[0\]\.then\.preset: expected one of expired-access-token/,
    )
    expect(issues([{ when: {}, then: { dropConnection: false } }])[0]).toMatch(
      /^faults\[0\]\.then\.dropConnection: expected true/,
    )
    expect(issues([{ when: {}, then: { respond: { status: 200, error: 'x' } } }])[0]).toMatch(
      /^faults\[0\]\.then\.respond\.status: expected/,
    )
    expect(issues([{ when: { times: 0 }, then: { latencyMs: 1 } }])[0]).toMatch(
      /^faults\[0\]\.when\.times: expected/,
    )
    expect(issues([{ when: { probability: 1.5 }, then: { latencyMs: 1 } }])[0]).toMatch(
      /^faults\[0\]\.when\.probability: expected/,
    )
    expect(issues([{ when: { endpoint: [] }, then: { latencyMs: 1 } }])).not.toEqual([])
    expect(issues([{ when: { colour: 'red' }, then: { latencyMs: 1 } }])).toEqual([
      'faults[0].when.colour: unknown field',
    ])
  })

  it('checks references and ids across the workspace', () => {
    expect(
      issues([
        { id: 'a', when: { app: 'order sync', user: 'ADA@acme.test' }, then: { latencyMs: 1 } },
        { id: 'a', when: { app: 'Nope', user: 'nobody@acme.test' }, then: { latencyMs: 1 } },
        { id: 'has space', when: {}, then: { latencyMs: 1 } },
      ]),
    ).toEqual(['faults[2].id: expected 1 to 64 letters, digits, dots, dashes or underscores'])
    expect(
      issues([
        { id: 'a', when: { app: 'order sync', user: 'ADA@acme.test' }, then: { latencyMs: 1 } },
        { id: 'a', when: { app: 'Nope', user: 'nobody@acme.test' }, then: { latencyMs: 1 } },
      ]),
    ).toEqual([
      'faults[1].id: duplicates faults[0].id',
      'faults[1].when.app: no app named (or with consumer key) "Nope"',
      'faults[1].when.user: no user with username (or id) "nobody@acme.test"',
    ])
  })

  it('checks the simulated client IPs name existing apps and users', () => {
    const ws = minimalWorkspace()
    ws.simulation = {
      appClientIps: { 'Order Sync': '10.0.0.1', Ghost: '10.0.0.2' },
      userClientIps: { 'ghost@acme.test': '10.0.0.3' },
    }
    expect(() => parseWorkspace(ws)).toThrow(
      /simulation\.appClientIps\.Ghost: no app named "Ghost"[\s\S]*simulation\.userClientIps\["ghost@acme.test"\]: no user/,
    )
  })
})

/** Facts as the matcher sees them, without a server. */
function facts(
  partial: Partial<{
    endpoint: string
    method: string
    grantType: string
    app: { name: string; consumerKey: string }
    user: { id: string; username: string }
    tokens: Array<{ kind: string }>
  }>,
): RequestFacts {
  return {
    endpoint: partial.endpoint ?? 'token',
    method: partial.method ?? 'POST',
    grantType: () => partial.grantType,
    app: () => partial.app,
    user: () => partial.user,
    tokens: () => partial.tokens ?? [],
  } as unknown as RequestFacts
}

describe('matching', () => {
  const ada = { id: '005000000000001AAA', username: 'ada@acme.test' }
  const app = { name: 'Order Sync', consumerKey: '3MVG9key' }

  it('every field given must match; lists match any of their values', () => {
    const when = {
      endpoint: ['token', 'revoke'] as const,
      grantType: 'refresh_token',
      app: 'order sync',
      user: 'ADA@acme.test',
      method: 'POST' as const,
    }
    const base = { endpoint: 'token', grantType: 'refresh_token', app, user: ada }
    expect(whenMatches({ ...when, endpoint: [...when.endpoint] }, facts(base))).toBe(true)
    expect(
      whenMatches({ ...when, endpoint: [...when.endpoint] }, facts({ ...base, endpoint: 'rest' })),
    ).toBe(false)
    expect(whenMatches({ grantType: 'password' }, facts(base))).toBe(false)
    expect(whenMatches({ app: '3MVG9key' }, facts(base))).toBe(true)
    expect(whenMatches({ app: 'Other' }, facts(base))).toBe(false)
    expect(whenMatches({ user: ada.id.slice(0, 15) }, facts(base))).toBe(true)
    expect(whenMatches({ user: 'sam@acme.test' }, facts(base))).toBe(false)
    expect(whenMatches({ method: ['GET', 'DELETE'] }, facts(base))).toBe(false)
    expect(whenMatches({}, facts(base))).toBe(true)
  })

  it('a rule naming an app or user never matches a request about nobody', () => {
    expect(whenMatches({ app: 'Order Sync' }, facts({}))).toBe(false)
    expect(whenMatches({ user: 'ada@acme.test' }, facts({}))).toBe(false)
  })

  it('presets apply only where they mean something', () => {
    expect(presetApplies('api-limit-exceeded', facts({ endpoint: 'rest' }))).toBe(true)
    expect(presetApplies('api-limit-exceeded', facts({ endpoint: 'token' }))).toBe(false)
    expect(presetApplies('consent-denied', facts({ endpoint: 'authorize' }))).toBe(true)
    expect(presetApplies('revoked-refresh-token', facts({ endpoint: 'token' }))).toBe(false)
    expect(
      presetApplies(
        'revoked-refresh-token',
        facts({ endpoint: 'token', tokens: [{ kind: 'refresh_token' }] }),
      ),
    ).toBe(true)
    expect(presetApplies('expired-access-token', facts({ endpoint: 'rest' }))).toBe(false)
    for (const name of FAULT_PRESETS) expect(PRESETS[name].summary.length).toBeGreaterThan(20)
  })
})

describe('signature corruption', () => {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')
  const jwt = `${header}.eyJzdWIiOiJ4In0.c2lnbmF0dXJlYnl0ZXM`

  it('changes the signature part of a JWS and nothing else', () => {
    const broken = corruptJwt(jwt)
    const [h, p, s] = broken.split('.')
    expect([h, p]).toEqual(jwt.split('.').slice(0, 2))
    expect(Buffer.from(s!, 'base64url')).not.toEqual(Buffer.from(jwt.split('.')[2]!, 'base64url'))
  })

  it('leaves opaque tokens alone, dots or not', () => {
    expect(corruptJwt('00D000000000001!AQ.abc.def')).toBe('00D000000000001!AQ.abc.def')
  })

  it('corrupts signature and JWTs in a token response, and reports which', () => {
    const body = JSON.stringify({ access_token: '00D!opaque', signature: 'AbC=', id_token: jwt })
    const result = corruptTokenResponse(body)
    expect(result.fields).toEqual(['signature', 'id_token'])
    const parsed = JSON.parse(result.body) as Record<string, string>
    expect(parsed.signature).toBe('BbC=')
    expect(parsed.access_token).toBe('00D!opaque')
    expect(corruptTokenResponse('[{"message":"x"}]')).toEqual({
      body: '[{"message":"x"}]',
      fields: [],
    })
  })
})
