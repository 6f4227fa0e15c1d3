import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isSalesforceId } from '../../../src/core/salesforce/ids'
import {
  demoWorkspace,
  parseWorkspace,
  parseWorkspaceJson,
  REDACTED,
  redactWorkspace,
} from '../../../src/core/workspace'
import { fullWorkspaceText, minimalWorkspace, seededRandom } from './sample'

describe('parseWorkspace: defaults', () => {
  it('fills every optional field with Salesforce’s default', () => {
    const ws = parseWorkspace(minimalWorkspace())
    const { id: _orgId, ...org } = ws.org
    expect(org).toEqual({
      name: 'Test Org',
      edition: 'Developer',
      sessionTimeoutMinutes: 120,
      trustedIpRanges: [],
    })
    expect(ws.profiles).toEqual([{ name: 'Standard User', apiEnabled: true, loginIpRanges: [] }])
    const { id: _userId, ...user } = ws.users[0]!
    expect(user).toEqual({
      username: 'ada@acme.test',
      password: 'Passw0rd!',
      lastName: 'Admin',
      email: 'ada@acme.test',
      profile: 'Standard User',
      permissionSets: [],
      active: true,
    })
    const { consumerKey: _key, consumerSecret: _secret, ...app } = ws.apps[0]!
    expect(app).toEqual({
      kind: 'connectedApp',
      name: 'Order Sync',
      callbackUrls: ['http://localhost:3000/oauth/callback'],
      scopes: ['api'],
      requireSecretForWebServerFlow: true,
      requireSecretForRefreshTokenFlow: true,
      requirePkce: false,
      certificate: null,
      clientCredentials: { enabled: false, runAs: null },
      deviceFlow: { enabled: false },
      usernamePassword: { enabled: false },
      tokenExchange: { enabled: false },
      refreshTokenRotation: false,
      jwtAccessTokens: false,
      introspectAllTokens: false,
      policies: {
        permittedUsers: 'allSelfAuthorize',
        profiles: [],
        permissionSets: [],
        ipRelaxation: 'enforce',
        refreshTokenPolicy: { type: 'untilRevoked' },
        sessionTimeoutMinutes: null,
        blocked: false,
      },
    })
    expect(ws.records).toEqual({})
    expect(ws.faults).toEqual([])
    expect(ws.simulation).toEqual({ clientIp: null, clockOffsetSeconds: 0 })
  })

  it('fills partial nested objects field by field', () => {
    const input = minimalWorkspace()
    input.apps[0].clientCredentials = { runAs: 'ada@acme.test' }
    input.apps[0].policies = { blocked: true }
    input.faults = [{ when: { endpoint: 'token' }, then: { preset: 'server-unavailable' } }]
    const ws = parseWorkspace(input)
    expect(ws.apps[0]!.clientCredentials).toEqual({ enabled: false, runAs: 'ada@acme.test' })
    expect(ws.apps[0]!.policies.blocked).toBe(true)
    expect(ws.apps[0]!.policies.refreshTokenPolicy).toEqual({ type: 'untilRevoked' })
    expect(ws.faults).toEqual([
      { enabled: true, when: { endpoint: 'token' }, then: { preset: 'server-unavailable' } },
    ])
  })

  it('does not share default arrays between parses', () => {
    const a = parseWorkspace(minimalWorkspace())
    const b = parseWorkspace(minimalWorkspace())
    a.users[0]!.permissionSets.push('Reporting')
    expect(b.users[0]!.permissionSets).toEqual([])
  })
})

describe('parseWorkspace: generated values', () => {
  it('generates an org id, user ids, consumer keys and secrets', () => {
    const ws = parseWorkspace(minimalWorkspace())
    expect(ws.org.id).toMatch(/^00D[0-9A-Za-z]{15}$/)
    expect(isSalesforceId(ws.org.id)).toBe(true)
    expect(ws.users[0]!.id).toMatch(/^005[0-9A-Za-z]{15}$/)
    expect(isSalesforceId(ws.users[0]!.id)).toBe(true)
    expect(ws.apps[0]!.consumerKey).toMatch(/^3MVG9[A-Za-z0-9._]{80}$/)
    expect(ws.apps[0]!.consumerSecret).toMatch(/^[0-9A-F]{64}$/)
  })

  it('puts generated fields where the format documents them', () => {
    const ws = parseWorkspace(minimalWorkspace())
    expect(Object.keys(ws.org)[0]).toBe('id')
    expect(Object.keys(ws.users[0]!)[0]).toBe('id')
    expect(Object.keys(ws.apps[0]!).slice(0, 4)).toEqual([
      'kind',
      'name',
      'consumerKey',
      'consumerSecret',
    ])
  })

  it('generates different values each time, or the same ones from the same random source', () => {
    const a = parseWorkspace(minimalWorkspace())
    const b = parseWorkspace(minimalWorkspace())
    expect(a.apps[0]!.consumerKey).not.toBe(b.apps[0]!.consumerKey)
    expect(a.apps[0]!.consumerSecret).not.toBe(b.apps[0]!.consumerSecret)
    const c = parseWorkspace(minimalWorkspace(), { random: seededRandom(7) })
    const d = parseWorkspace(minimalWorkspace(), { random: seededRandom(7) })
    expect(c).toEqual(d)
  })

  it('keeps given values and completes 15-character ids to 18', () => {
    const input = minimalWorkspace()
    input.org.id = '00D5g00000ABCDE'
    input.users[0].id = '0055g00000AdaAd'
    input.apps[0].consumerKey = '3MVG9given'
    input.apps[0].consumerSecret = 'a-given-secret-that-is-long-enough-1234'
    const ws = parseWorkspace(input)
    expect(ws.org.id).toBe('00D5g00000ABCDEEA5')
    expect(ws.users[0]!.id).toBe('0055g00000AdaAdAAJ')
    expect(ws.apps[0]!.consumerKey).toBe('3MVG9given')
    expect(ws.apps[0]!.consumerSecret).toBe('a-given-secret-that-is-long-enough-1234')
  })

  it('accepts the made-up 18-character ids of hand-written workspaces', () => {
    // DESIGN.md's example id: its last three characters are not the real checksum.
    const input = minimalWorkspace()
    input.org.id = '00D5g00000ABCDEFGH'
    expect(parseWorkspace(input).org.id).toBe('00D5g00000ABCDEFGH')
  })
})

describe('parseWorkspace: idempotence', () => {
  it('returns an equal workspace when given its own output', () => {
    for (const input of [minimalWorkspace(), JSON.parse(fullWorkspaceText())]) {
      const once = parseWorkspace(input)
      const twice = parseWorkspace(once)
      expect(twice).toEqual(once)
      expect(JSON.stringify(twice)).toBe(JSON.stringify(once))
    }
  })

  it('survives a JSON round trip', () => {
    const once = parseWorkspace(minimalWorkspace())
    expect(parseWorkspaceJson(JSON.stringify(once))).toEqual(once)
  })

  it('leaves the full fixture exactly as written (it is already complete)', () => {
    const text = fullWorkspaceText()
    expect(JSON.stringify(parseWorkspaceJson(text))).toBe(JSON.stringify(JSON.parse(text)))
  })

  it('does not modify its input', () => {
    const input = minimalWorkspace()
    const copy = structuredClone(input)
    parseWorkspace(input)
    expect(input).toEqual(copy)
  })
})

describe('demoWorkspace', () => {
  const demo = demoWorkspace()

  it('is the Acme Dev org with fixed ids, keys and secrets', () => {
    expect(demo.org).toMatchObject({
      id: '00D5g00000GhAcmEAF',
      name: 'Acme Dev',
      edition: 'Developer',
    })
    expect(demoWorkspace()).toEqual(demo)
    expect(demo.users.map((user) => user.username)).toEqual([
      'ada@acme.test',
      'sam@acme.test',
      'rita@acme.test',
      'integration@acme.test',
      'sync@acme.test',
      'olga@acme.test',
    ])
    expect(demo.users.find((user) => user.username === 'olga@acme.test')!.active).toBe(false)
    for (const user of demo.users) expect(isSalesforceId(user.id)).toBe(true)
    expect(isSalesforceId(demo.org.id)).toBe(true)
  })

  it('has the three demo apps with their documented settings', () => {
    const [orderSync, partnerPortal, nightlyEtl] = demo.apps
    expect(orderSync).toMatchObject({
      kind: 'connectedApp',
      name: 'Order Sync',
      callbackUrls: ['http://localhost:3000/oauth/callback'],
      usernamePassword: { enabled: true },
    })
    expect(partnerPortal).toMatchObject({
      kind: 'externalClientApp',
      name: 'Partner Portal',
      requirePkce: true,
      requireSecretForWebServerFlow: false,
      refreshTokenRotation: true,
      policies: {
        permittedUsers: 'adminApprovedPreAuthorized',
        profiles: ['System Administrator'],
        permissionSets: ['Order Sync Users'],
        ipRelaxation: 'enforceRelaxRefresh',
        refreshTokenPolicy: { type: 'expireIfNotUsedFor', value: 30, unit: 'days' },
      },
    })
    expect(nightlyEtl).toMatchObject({
      kind: 'externalClientApp',
      name: 'Nightly ETL',
      clientCredentials: { enabled: true, runAs: 'integration@acme.test' },
      policies: { permittedUsers: 'adminApprovedPreAuthorized', profiles: ['Integration User'] },
    })
  })

  it('ships the private key that matches the Nightly ETL certificate', () => {
    const key = readFileSync(
      new URL('../../../resources/demo-keys/nightly-etl.key', import.meta.url),
      'utf8',
    )
    const certificate = new X509Certificate(demo.apps[2]!.certificate!)
    expect(certificate.subject).toContain('CN=Nightly ETL demo')
    expect(certificate.checkPrivateKey(createPrivateKey(key))).toBe(true)
  })

  it('has a few Accounts and Contacts', () => {
    expect(demo.records.Account!.map((account) => account.Name)).toEqual([
      'Edge Communications',
      'Burlington Textiles Corp of America',
      'Pyramid Construction Inc.',
      'Grand Hotels & Resorts Ltd',
    ])
    for (const contact of demo.records.Contact!) {
      expect(Object.keys(contact)).toEqual(
        expect.arrayContaining(['FirstName', 'LastName', 'Email']),
      )
    }
  })
})

describe('redactWorkspace', () => {
  it('replaces passwords and leaves consumer secrets out', () => {
    const ws = demoWorkspace()
    const redacted = redactWorkspace(ws)
    for (const user of redacted.users) {
      if (user.password !== undefined) expect(user.password).toBe(REDACTED)
    }
    expect(redacted.users.find((user) => user.username === 'integration@acme.test')!.password).toBe(
      undefined,
    )
    for (const app of redacted.apps) expect(app).not.toHaveProperty('consumerSecret')
    expect(JSON.stringify(redacted)).not.toContain(ws.apps[0]!.consumerSecret)
    expect(JSON.stringify(redacted)).not.toContain('Passw0rd!')
  })

  it('leaves the original alone and produces a file that imports again', () => {
    const ws = demoWorkspace()
    const redacted = redactWorkspace(ws)
    expect(ws.users[0]!.password).toBe('Passw0rd!')
    const reimported = parseWorkspaceJson(JSON.stringify(redacted))
    expect(reimported.apps.map((app) => app.consumerKey)).toEqual(
      ws.apps.map((app) => app.consumerKey),
    )
    expect(reimported.apps[0]!.consumerSecret).toMatch(/^[0-9A-F]{64}$/)
    expect(reimported.apps[0]!.consumerSecret).not.toBe(ws.apps[0]!.consumerSecret)
  })
})
