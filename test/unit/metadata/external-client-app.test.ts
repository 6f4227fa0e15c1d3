import { describe, expect, it } from 'vitest'
import { importMetadata, MetadataError } from '../../../src/core/metadata'
import { connectedAppXml, DIR, ECA_PATHS, ecaFiles, emptyWorkspace } from './samples'

function readFiles(files: Record<string, string>) {
  return importMetadata(emptyWorkspace(), files)
}

/** The sample with the OAuth policy file's body replaced. */
function withPolicies(inner: string) {
  return ecaFiles({
    [ECA_PATHS.policies]: connectedAppXml(
      `    <externalClientApplication>Billing_Bridge</externalClientApplication>\n${inner}`,
      'ExtlClntAppOauthConfigurablePolicies',
    ),
  })
}

describe('External Client App files', () => {
  it('joins the header, OAuth settings, global settings and policies into one app', () => {
    const { workspace, report } = readFiles(ecaFiles())
    expect(workspace.apps[0]).toMatchObject({
      kind: 'externalClientApp',
      name: 'Billing Bridge',
      consumerKey: '3MVG9AcmeBillingBridgeKey0002',
      consumerSecret: 'B1LL1NGSECRET0123456789ABCDEF0123456789',
      callbackUrls: ['https://billing.acme.test/oauth/callback'],
      scopes: ['api', 'refresh_token', 'id', 'profile', 'email', 'address', 'phone'],
      requirePkce: true,
      clientCredentials: { enabled: true, runAs: 'ada@acme.test' },
      usernamePassword: { enabled: false },
      policies: {
        permittedUsers: 'adminApprovedPreAuthorized',
        profiles: ['Standard User', 'Billing Ops'],
        permissionSets: ['Reporting'],
        ipRelaxation: 'relax',
        refreshTokenPolicy: { type: 'expireAfter', value: 12, unit: 'hours' },
        sessionTimeoutMinutes: 30,
        blocked: false,
      },
    })
    expect(report.apps[0]).toMatchObject({
      action: 'created',
      secretGenerated: false,
      apiName: 'Billing_Bridge',
    })
    expect(report.files.map((f) => f.app)).toEqual(Array(5).fill('Billing Bridge'))
    expect(report.missingProfiles).toEqual(['Billing Ops'])
    expect(report.missingPermissionSets).toEqual([])
    const settings = report.files.find((f) => f.path === ECA_PATHS.settings)!
    expect(settings.kept).toEqual(['label', 'trustedIpRanges'])
  })

  it('links child files by <externalClientApplication>, whatever they are called', () => {
    const files = ecaFiles({
      [ECA_PATHS.policies]: null,
      [`elsewhere/deep/Anything.ecaOauthPlcy-meta.xml`]: withPolicies(
        '    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>',
      )[ECA_PATHS.policies]!,
    })
    const { workspace } = readFiles(files)
    expect(workspace.apps[0]!.policies.permittedUsers).toBe('adminApprovedPreAuthorized')
    expect(workspace.apps[0]!.metadata!.files.find((f) => f.type === 'ecaOauthPlcy')).toMatchObject(
      {
        name: 'Anything',
        path: 'elsewhere/deep/Anything.ecaOauthPlcy-meta.xml',
      },
    )
  })

  it('generates the key and secret when the global settings file is missing, and says so', () => {
    const { workspace, report } = readFiles(ecaFiles({ [ECA_PATHS.global]: null }))
    const imported = workspace.apps[0]!
    expect(imported.consumerKey).toMatch(/^3MVG9/)
    expect(imported.consumerSecret).toMatch(/^[0-9A-F]{64}$/)
    expect(imported.requirePkce).toBe(true) // the global file's default
    // Client credentials need the global flag too; without the file a new app has it off.
    expect(imported.clientCredentials.enabled).toBe(false)
    expect(report.apps[0]).toMatchObject({ keyGenerated: true, secretGenerated: true })
    const header = report.files.find((f) => f.path === ECA_PATHS.header)!
    expect(header.notes.join(' ')).toMatch(/no global OAuth settings file/)
  })

  it('works with only the header and OAuth settings (admin files are per org)', () => {
    const { workspace } = readFiles(
      ecaFiles({ [ECA_PATHS.policies]: null, [ECA_PATHS.plugins]: null, [ECA_PATHS.global]: null }),
    )
    expect(workspace.apps[0]!.policies).toMatchObject({
      permittedUsers: 'allSelfAuthorize',
      blocked: false,
    })
  })

  it.each([
    ['Enforce', 'enforce'],
    ['Enforce_RelaxRefresh', 'enforceRelaxRefresh'],
    ['Bypass_2factor', 'relaxWithSecondFactor'],
    ['Bypass', 'relax'],
  ])('ipRelaxationPolicyType %s → %s', (value, expected) => {
    const { workspace } = readFiles(
      withPolicies(`    <ipRelaxationPolicyType>${value}</ipRelaxationPolicyType>`),
    )
    expect(workspace.apps[0]!.policies.ipRelaxation).toBe(expected)
  })

  it.each([
    ['AllSelfAuthorized', 'allSelfAuthorize'],
    ['AdminApprovedPreAuthorized', 'adminApprovedPreAuthorized'],
  ])('permittedUsersPolicyType %s → %s', (value, expected) => {
    const { workspace } = readFiles(
      withPolicies(`    <permittedUsersPolicyType>${value}</permittedUsersPolicyType>`),
    )
    expect(workspace.apps[0]!.policies.permittedUsers).toBe(expected)
  })

  it.each([
    ['Infinite', '', { type: 'untilRevoked' }],
    ['Zero', '', { type: 'immediatelyExpire' }],
    ['SpecificLifetime', '2|Days', { type: 'expireAfter', value: 2, unit: 'days' }],
    ['SpecificInactivity', '8|Hours', { type: 'expireIfNotUsedFor', value: 8, unit: 'hours' }],
    ['SpecificInactivity', '1|Months', { type: 'expireIfNotUsedFor', value: 1, unit: 'months' }],
  ])('refreshTokenPolicyType %s %s', (type, periodUnit, expected) => {
    const [period, unit] = periodUnit.split('|')
    const extra = periodUnit
      ? `\n    <refreshTokenValidityPeriod>${period}</refreshTokenValidityPeriod>\n    <refreshTokenValidityUnit>${unit}</refreshTokenValidityUnit>`
      : ''
    const { workspace } = readFiles(
      withPolicies(`    <refreshTokenPolicyType>${type}</refreshTokenPolicyType>${extra}`),
    )
    expect(workspace.apps[0]!.policies.refreshTokenPolicy).toEqual(expected)
  })

  it('needs a period and unit with a Specific* refresh token policy', () => {
    expect(() =>
      readFiles(
        withPolicies('    <refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType>'),
      ),
    ).toThrow(/refreshTokenPolicyType.*needs <refreshTokenValidityPeriod>/)
  })

  it('names file, line and element for an unknown policy enum, changing nothing', () => {
    const files = withPolicies(
      '    <label>x</label>\n    <ipRelaxationPolicyType>Sometimes</ipRelaxationPolicyType>',
    )
    const before = emptyWorkspace()
    let error: unknown
    try {
      importMetadata(before, files)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(MetadataError)
    expect(error).toMatchObject({
      file: ECA_PATHS.policies,
      line: 5,
      element: 'ipRelaxationPolicyType',
    })
    expect((error as Error).message).toMatch(
      /expected one of Enforce, Enforce_RelaxRefresh, Bypass_2factor, Bypass/,
    )
    expect(before).toEqual(emptyWorkspace())
  })

  it('turns isEnabled=false into a blocked app', () => {
    const files = ecaFiles({
      [ECA_PATHS.plugins]: connectedAppXml(
        '    <externalClientApplication>Billing_Bridge</externalClientApplication>\n    <isEnabled>false</isEnabled>',
        'ExtlClntAppConfigurablePolicies',
      ),
    })
    expect(readFiles(files).workspace.apps[0]!.policies.blocked).toBe(true)
  })

  it('keeps scope enums it does not know and writes them back in the same list', () => {
    const files = ecaFiles({
      [ECA_PATHS.settings]: connectedAppXml(
        '    <commaSeparatedOauthScopes>Api, Quantum</commaSeparatedOauthScopes>\n    <externalClientApplication>Billing_Bridge</externalClientApplication>',
        'ExtlClntAppOauthSettings',
      ),
    })
    const { workspace, report } = readFiles(files)
    expect(workspace.apps[0]!.scopes).toEqual(['api'])
    expect(report.files.find((f) => f.path === ECA_PATHS.settings)!.notEmulated[0]).toMatch(
      /Quantum/,
    )
  })

  it('enables client credentials only when the global settings and policies both do', () => {
    const files = withPolicies(
      '    <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>\n    <clientCredentialsFlowUser>ada@acme.test</clientCredentialsFlowUser>',
    )
    expect(readFiles(files).workspace.apps[0]!.clientCredentials).toEqual({
      enabled: false,
      runAs: 'ada@acme.test',
    })
  })

  it('accepts isClientCredentialEnabled in the global file (a Help sample spells it so)', () => {
    const files = ecaFiles()
    files[ECA_PATHS.global] = files[ECA_PATHS.global]!.replaceAll(
      'isClientCredentialsFlowEnabled',
      'isClientCredentialEnabled',
    )
    expect(readFiles(files).workspace.apps[0]!.clientCredentials.enabled).toBe(true)
  })

  it('passes other plugin files through with their app', () => {
    const path = `${DIR}/extlClntAppMobileSettings/Billing_Bridge_mobile.ecaMobile-meta.xml`
    const mobile = connectedAppXml(
      '    <externalClientApplication>Billing_Bridge</externalClientApplication>\n    <pinLength>6</pinLength>',
      'ExtlClntAppMobileSettings',
    )
    const { workspace, report } = readFiles({ ...ecaFiles(), [path]: mobile })
    expect(report.files.find((f) => f.path === path)).toMatchObject({
      outcome: 'passedThrough',
      app: 'Billing Bridge',
    })
    expect(workspace.apps[0]!.metadata!.files.find((f) => f.type === 'ecaMobile')!.kept).toEqual([
      { at: '', xml: '<pinLength>6</pinLength>' },
    ])
  })

  it('skips child files whose header is not in the project, saying which app they name', () => {
    const { workspace, report } = readFiles({
      [ECA_PATHS.policies]: ecaFiles()[ECA_PATHS.policies]!,
    })
    expect(workspace.apps).toEqual([])
    expect(report.files[0]).toMatchObject({ outcome: 'skipped' })
    expect(report.files[0]!.notes[0]).toMatch(/"Billing_Bridge"/)
  })

  it('refuses two OAuth policy files for one app', () => {
    const files = {
      ...ecaFiles(),
      [`${DIR}/x/Other.ecaOauthPlcy-meta.xml`]: ecaFiles()[ECA_PATHS.policies]!,
    }
    expect(() => readFiles(files)).toThrow(/a second \.ecaOauthPlcy file for "Billing_Bridge"/)
  })
})
