import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importMetadata, MetadataError } from '../../../src/core/metadata'
import { CA_PATH, CONNECTED_APP, connectedAppXml, emptyWorkspace } from './samples'

const DEMO_CERT: string = JSON.parse(
  readFileSync(new URL('../../../resources/demo-workspace.json', import.meta.url), 'utf8'),
).apps.find((a: { certificate?: string | null }) => a.certificate).certificate

function readOne(xml: string) {
  return importMetadata(emptyWorkspace(), { [CA_PATH]: xml })
}

/** A connected app with the given oauthConfig and oauthPolicy children (label fixed). */
function app(config: string, policy = '', rest = '') {
  return connectedAppXml(`    <contactEmail>a@acme.test</contactEmail>
    <label>Order Sync</label>
    <oauthConfig>
        <callbackUrl>https://orders.acme.test/cb</callbackUrl>
${config}
    </oauthConfig>
    <oauthPolicy>
${policy || '        <ipRelaxation>ENFORCE</ipRelaxation>\n        <refreshTokenPolicy>infinite</refreshTokenPolicy>'}
    </oauthPolicy>
${rest}`)
}

function errorOf(fn: () => unknown): MetadataError {
  try {
    fn()
  } catch (error) {
    if (error instanceof MetadataError) return error
    throw error
  }
  throw new Error('expected a MetadataError')
}

describe('connected app files', () => {
  it('maps the reference sample to the workspace app', () => {
    const { workspace, report } = readOne(CONNECTED_APP)
    const imported = workspace.apps.find((a) => a.name === 'Order Sync')!
    expect(imported).toMatchObject({
      kind: 'connectedApp',
      consumerKey: '3MVG9AcmeOrderSyncKey0001',
      callbackUrls: [
        'https://orders.acme.test/oauth/callback',
        'http://localhost:3000/oauth/callback',
      ],
      scopes: ['api', 'openid', 'refresh_token'],
      requireSecretForWebServerFlow: true,
      requirePkce: true,
      clientCredentials: { enabled: true, runAs: 'ada@acme.test' },
      policies: {
        permittedUsers: 'adminApprovedPreAuthorized',
        profiles: ['System Administrator'],
        permissionSets: ['Integration_Access'],
        ipRelaxation: 'enforceRelaxRefresh',
        refreshTokenPolicy: { type: 'expireIfNotUsedFor', value: 30, unit: 'days' },
        sessionTimeoutMinutes: 120,
      },
    })
    expect(imported.consumerSecret).toMatch(/^[0-9A-F]{64}$/)
    const file = report.files[0]!
    expect(file).toMatchObject({ path: CA_PATH, app: 'Order Sync', outcome: 'mapped' })
    expect(file.kept).toEqual(['contactEmail', 'oauthConfig/idTokenConfig'])
    expect(file.notes).toContain('no consumer secret in the project: a new one was generated')
    expect(report.apps[0]).toMatchObject({
      action: 'created',
      secretGenerated: true,
      keyGenerated: false,
    })
    expect(report.missingProfiles).toEqual(['System Administrator'])
    expect(report.missingPermissionSets).toEqual(['Integration_Access'])
    expect(workspace.profiles.map((p) => p.name)).toContain('System Administrator')
  })

  it.each([
    ['ENFORCE', 'enforce'],
    ['ENFORCE_RELAXREFRESH', 'enforceRelaxRefresh'],
    ['BYPASS_2FACTOR', 'relaxWithSecondFactor'],
    ['BYPASS', 'relax'],
  ])('ipRelaxation %s → %s', (value, expected) => {
    const xml = app(
      '',
      `        <ipRelaxation>${value}</ipRelaxation>\n        <refreshTokenPolicy>infinite</refreshTokenPolicy>`,
    )
    expect(readOne(xml).workspace.apps[0]!.policies.ipRelaxation).toBe(expected)
  })

  it.each([
    ['infinite', { type: 'untilRevoked' }],
    ['zero', { type: 'immediatelyExpire' }],
    ['specific_lifetime:1:DAYS', { type: 'expireAfter', value: 1, unit: 'days' }],
    ['specific_lifetime:6:HOURS', { type: 'expireAfter', value: 6, unit: 'hours' }],
    ['specific_inactivity:3:MONTHS', { type: 'expireIfNotUsedFor', value: 3, unit: 'months' }],
  ])('refreshTokenPolicy %s', (value, expected) => {
    const xml = app(
      '',
      `        <ipRelaxation>ENFORCE</ipRelaxation>\n        <refreshTokenPolicy>${value}</refreshTokenPolicy>`,
    )
    expect(readOne(xml).workspace.apps[0]!.policies.refreshTokenPolicy).toEqual(expected)
  })

  it.each([
    ['Api', ['api']],
    ['Web', ['web']],
    ['Full', ['full']],
    ['Basic', ['id', 'profile', 'email', 'address', 'phone']],
    ['Profile', ['profile']],
    ['Email', ['email']],
    ['Address', ['address']],
    ['Phone', ['phone']],
    ['OpenID', ['openid']],
    ['RefreshToken', ['refresh_token']],
    ['OfflineAccess', ['refresh_token']],
    ['Chatter', ['chatter_api']],
    ['CustomApplications', ['visualforce']],
    ['CustomPermissions', ['custom_permissions']],
    ['Wave', ['wave_api']],
    ['Eclair', ['eclair_api']],
    ['Pardot', ['pardot_api']],
    ['Lightning', ['lightning']],
    ['Content', ['content']],
    ['CDPIngest', ['cdp_ingest_api']],
    ['Chatbot', ['chatbot_api']],
    ['ForgotPassword', ['forgot_password']],
    ['UserRegistration', ['user_registration_api']],
    ['PwdlessLogin', ['pwdless_login_api']],
    ['CDPProfile', ['cdp_profile_api']],
    ['CDPQuery', ['cdp_query_api']],
    ['CDPSegment', ['cdp_segment_api']],
    ['CDPIdentityResolution', ['cdp_identityresolution_api']],
    ['CDPCalculatedInsight', ['cdp_calculated_insight_api']],
    ['SFApiPlatform', ['sfap_api']],
    ['Interaction', ['interaction_api']],
    ['EinsteinGPT', ['einstein_gpt_api']],
    ['MCP', ['mcp_api']],
    ['SCRT', ['scrt_api']],
  ])('scope enum %s', (name, scopes) => {
    expect(readOne(app(`        <scopes>${name}</scopes>`)).workspace.apps[0]!.scopes).toEqual(
      scopes,
    )
  })

  it('keeps a scope enum it does not know and says so', () => {
    const { workspace, report } = readOne(
      app('        <scopes>Api</scopes>\n        <scopes>FutureThing</scopes>'),
    )
    expect(workspace.apps[0]!.scopes).toEqual(['api'])
    expect(workspace.apps[0]!.metadata!.files[0]!.kept).toContainEqual({
      at: 'oauthConfig',
      xml: '<scopes>FutureThing</scopes>',
    })
    expect(report.files[0]!.notEmulated[0]).toMatch(/FutureThing/)
  })

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('splits several callback URLs on %s', (_label, eol) => {
    const xml = app('').replace(
      '<callbackUrl>https://orders.acme.test/cb</callbackUrl>',
      `<callbackUrl>https://a.acme.test/cb${eol}  http://localhost:1717/cb ${eol}${eol}myapp://done</callbackUrl>`,
    )
    expect(readOne(xml).workspace.apps[0]!.callbackUrls).toEqual([
      'https://a.acme.test/cb',
      'http://localhost:1717/cb',
      'myapp://done',
    ])
  })

  it('reads a certificate as the bare base64 a retrieve holds, or with PEM armor', () => {
    const body = DEMO_CERT.replace(/-----[A-Z ]+-----|\s/g, '')
    const bare = readOne(app(`        <certificate>${body}</certificate>`)).workspace.apps[0]!
    const armored = readOne(app(`        <certificate>${DEMO_CERT}</certificate>`)).workspace
      .apps[0]!
    expect(bare.certificate).toBe(armored.certificate)
    expect(bare.certificate!.replace(/\s/g, '')).toBe(DEMO_CERT.replace(/\s/g, ''))
  })

  it('uses the documented defaults for absent elements (no sessionPolicy, no flags)', () => {
    const imported = readOne(app('')).workspace.apps[0]!
    expect(imported).toMatchObject({
      requireSecretForWebServerFlow: true,
      requireSecretForRefreshTokenFlow: true,
      requirePkce: false,
      scopes: [],
      clientCredentials: { enabled: false, runAs: null },
      policies: { permittedUsers: 'allSelfAuthorize', profiles: [], sessionTimeoutMinutes: null },
    })
  })

  it('maps every oauthConfig flag', () => {
    const imported = readOne(
      app(`        <isConsumerSecretOptional>true</isConsumerSecretOptional>
        <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>
        <isTokenExchangeEnabled>true</isTokenExchangeEnabled>
        <isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>
        <isNamedUserJwtEnabled>true</isNamedUserJwtEnabled>
        <isIntrospectAllTokens>true</isIntrospectAllTokens>
        <consumerSecret>0123456789ABCDEF0123456789ABCDEF0123</consumerSecret>`),
    ).workspace.apps[0]!
    expect(imported).toMatchObject({
      requireSecretForWebServerFlow: false,
      requireSecretForRefreshTokenFlow: false,
      tokenExchange: { enabled: true },
      refreshTokenRotation: true,
      jwtAccessTokens: true,
      introspectAllTokens: true,
      consumerSecret: '0123456789ABCDEF0123456789ABCDEF0123',
    })
  })

  it('skips a connected app without OAuth settings (SAML, managed stub) and says why', () => {
    const stub = connectedAppXml(
      '    <developerName>Stub</developerName>\n    <label>Stub</label>\n    <version>1.0</version>',
    )
    const { workspace, report } = readOne(stub)
    expect(workspace.apps).toEqual([])
    expect(report.files[0]).toMatchObject({ outcome: 'skipped', app: null })
    expect(report.files[0]!.notes[0]).toMatch(/no <oauthConfig>/)
  })

  it('reports session levels as values it cannot emulate', () => {
    const { report } = readOne(
      app(
        '',
        '',
        '    <sessionPolicy>\n        <sessionLevel>HIGH_ASSURANCE</sessionLevel>\n        <policyAction>Block</policyAction>\n    </sessionPolicy>',
      ),
    )
    expect(report.files[0]!.notEmulated).toEqual([
      expect.stringMatching(/sessionLevel HIGH_ASSURANCE/),
      expect.stringMatching(/policyAction Block/),
    ])
  })

  it('names file, line and element for an unknown enum value', () => {
    const xml = app(
      '',
      '        <ipRelaxation>SOMETIMES</ipRelaxation>\n        <refreshTokenPolicy>infinite</refreshTokenPolicy>',
    )
    const error = errorOf(() => readOne(xml))
    expect(error.file).toBe(CA_PATH)
    expect(error.element).toBe('ipRelaxation')
    expect(error.line).toBe(xml.split('\n').findIndex((l) => l.includes('SOMETIMES')) + 1)
    expect(error.message).toMatch(
      /unknown value "SOMETIMES"; expected one of ENFORCE, ENFORCE_RELAXREFRESH/,
    )
  })

  it.each(['specific_lifetime:0:DAYS', 'specific_lifetime:2:WEEKS', 'forever'])(
    'refuses refreshTokenPolicy %s',
    (value) => {
      const xml = app(
        '',
        `        <ipRelaxation>ENFORCE</ipRelaxation>\n        <refreshTokenPolicy>${value}</refreshTokenPolicy>`,
      )
      const error = errorOf(() => readOne(xml))
      expect(error.element).toBe('refreshTokenPolicy')
      expect(error.message).toContain(value)
    },
  )

  it('refuses a boolean that is not true or false', () => {
    const error = errorOf(() => readOne(app('        <isPkceRequired>yes</isPkceRequired>')))
    expect(error.message).toMatch(/<isPkceRequired>.*expected true or false, found "yes"/)
  })

  it('names file and line of malformed XML', () => {
    const xml = app('        <scopes>Api</scope>')
    const error = errorOf(() => readOne(xml))
    expect(error.file).toBe(CA_PATH)
    expect(error.line).toBe(xml.split('\n').findIndex((l) => l.includes('</scope>')) + 1)
    expect(error.message).toMatch(/malformed XML/)
  })

  it('refuses a file whose root does not match its suffix', () => {
    const error = errorOf(() => readOne(connectedAppXml('<label>x</label>', 'Profile')))
    expect(error.message).toMatch(/must have the root element <ConnectedApp>/)
  })

  it('names the file when a mapped value is not valid in a workspace', () => {
    const xml = app('').replace('https://orders.acme.test/cb', 'not a url')
    const error = errorOf(() => readOne(xml))
    expect(error.file).toBe(CA_PATH)
    expect(error.message).toMatch(/callbackUrls\[0\]/)
  })
})
