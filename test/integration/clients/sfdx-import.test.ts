import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import jsforce from 'jsforce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readProjectFolder } from '../../../src/core/metadata'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import { admin } from '../admin/support'

// A developer's SFDX project, on disk as the Salesforce CLI lays it out: the connected app
// they already use (its consumer key is C1's), now admin-approved for administrators only,
// and a new External Client App without its global settings file (secrets stay out of git).
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const PROJECT: Record<string, string> = {
  'sfdx-project.json': JSON.stringify({
    packageDirectories: [{ path: 'force-app', default: true }],
    sourceApiVersion: '62.0',
  }),
  'force-app/main/default/connectedApps/Confidential_One.connectedApp-meta.xml': `${HEAD}<ConnectedApp ${NS}>
    <contactEmail>ada@acme.test</contactEmail>
    <label>Confidential One</label>
    <oauthConfig>
        <callbackUrl>${C1.redirect}
http://localhost:3000/oauth/callback</callbackUrl>
        <consumerKey>${C1.key}</consumerKey>
        <isAdminApproved>true</isAdminApproved>
        <isConsumerSecretOptional>false</isConsumerSecretOptional>
        <scopes>Api</scopes>
        <scopes>RefreshToken</scopes>
        <scopes>Web</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>BYPASS</ipRelaxation>
        <refreshTokenPolicy>specific_lifetime:1:DAYS</refreshTokenPolicy>
    </oauthPolicy>
    <profileName>System Administrator</profileName>
    <sessionPolicy>
        <sessionTimeout>30</sessionTimeout>
    </sessionPolicy>
</ConnectedApp>
`,
  'force-app/main/default/externalClientApps/Ledger_Feed.eca-meta.xml': `${HEAD}<ExternalClientApplication ${NS}>
    <contactEmail>ada@acme.test</contactEmail>
    <distributionState>Local</distributionState>
    <label>Ledger Feed</label>
</ExternalClientApplication>
`,
  'force-app/main/default/extlClntAppOauthSettings/Ledger_Feed_oauth.ecaOauth-meta.xml': `${HEAD}<ExtlClntAppOauthSettings ${NS}>
    <commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>
    <externalClientApplication>Ledger_Feed</externalClientApplication>
    <label>Ledger_Feed_oauth</label>
</ExtlClntAppOauthSettings>
`,
  'force-app/main/default/extlClntAppOauthPolicies/Ledger_Feed_oauthPlcy.ecaOauthPlcy-meta.xml': `${HEAD}<ExtlClntAppOauthConfigurablePolicies ${NS}>
    <commaSeparatedPermissionSet>Ledger_Readers</commaSeparatedPermissionSet>
    <externalClientApplication>Ledger_Feed</externalClientApplication>
    <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>
    <label>Ledger_Feed_oauthPlcy</label>
    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
    <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>
</ExtlClntAppOauthConfigurablePolicies>
`,
  // Not app metadata: ignored.
  'force-app/main/default/classes/Hello.cls': 'public class Hello {}',
}

let gh: RunningGatehouse
let projectDir: string

beforeAll(async () => {
  gh = await startGatehouse()
  projectDir = mkdtempSync(join(tmpdir(), 'gatehouse-sfdx-'))
  for (const [path, text] of Object.entries(PROJECT)) {
    mkdirSync(dirname(join(projectDir, path)), { recursive: true })
    writeFileSync(join(projectDir, path), text)
  }
})
afterAll(async () => {
  await gh.close()
  rmSync(projectDir, { recursive: true, force: true })
})

function jsforceConnection() {
  return new jsforce.Connection({
    oauth2: {
      loginUrl: gh.baseUrl,
      clientId: C1.key,
      clientSecret: C1.secret,
      redirectUri: C1.redirect,
    },
    version: '62.0',
  })
}

describe('importing an SFDX project, then signing in with jsforce', () => {
  it('previews the import without changing the workspace', async () => {
    const files = readProjectFolder(projectDir)
    expect(Object.keys(files).sort()).toEqual(
      Object.keys(PROJECT)
        .filter((p) => p.endsWith('-meta.xml'))
        .sort(),
    )
    const before = await admin(gh, 'GET', '/workspace')
    const preview = await admin(gh, 'POST', '/workspace/sfdx', { files })
    expect(preview.status).toBe(200)
    expect(preview.body.applied).toBe(false)
    const [one, ledger] = preview.body.apps
    expect(one).toMatchObject({
      name: 'Confidential One',
      action: 'updated',
      matchedBy: 'consumerKey',
      secretGenerated: false,
    })
    expect(one.changes).toContainEqual({
      field: 'policies.permittedUsers',
      from: 'allSelfAuthorize',
      to: 'adminApprovedPreAuthorized',
    })
    expect(ledger).toMatchObject({
      name: 'Ledger Feed',
      action: 'created',
      secretGenerated: true,
      keyGenerated: true,
    })
    expect(preview.body.missingPermissionSets).toEqual(['Ledger_Readers'])
    expect((await admin(gh, 'GET', '/workspace')).body).toEqual(before.body)

    // Before the import, the app admits any user: Sam (Standard User) can sign in.
    await expect(jsforceConnection().login(USERS.sam, PASSWORD)).resolves.toMatchObject({
      id: expect.any(String),
    })
  })

  it('applies it: the imported policies are in force for jsforce logins', async () => {
    const files = readProjectFolder(projectDir)
    const applied = await admin(gh, 'POST', '/workspace/sfdx?apply=true', { files })
    expect(applied.status).toBe(200)
    expect(applied.body.applied).toBe(true)

    const app = gh.engine.store.workspace.findAppByConsumerKey(C1.key)!
    expect(app.policies).toMatchObject({
      permittedUsers: 'adminApprovedPreAuthorized',
      profiles: ['System Administrator'],
      ipRelaxation: 'relax',
      refreshTokenPolicy: { type: 'expireAfter', value: 1, unit: 'days' },
      sessionTimeoutMinutes: 30,
    })
    // What connected app metadata cannot say stays as it was: the username-password flow.
    expect(app.usernamePassword.enabled).toBe(true)

    // Ada is a System Administrator: pre-authorized, she signs in with the imported key.
    const conn = jsforceConnection()
    const info = await conn.login(USERS.ada, PASSWORD)
    expect(info.id).toBe(gh.engine.store.workspace.findUserByUsername(USERS.ada)!.id)
    const result = await conn.query('SELECT Id FROM Account')
    expect(result.done).toBe(true)

    // Sam is not pre-authorized any more. The password flow answers Salesforce's generic
    // authentication failure; the trace's Why says it was the Permitted Users policy.
    await expect(jsforceConnection().login(USERS.sam, PASSWORD)).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'authentication failure',
    })
    const list = await admin(gh, 'GET', '/exchanges?limit=1')
    const last = await admin(gh, 'GET', `/exchanges/${list.body.items[0].id}`)
    expect(last.body.steps).toContainEqual(
      expect.objectContaining({ name: 'user.approved', outcome: 'failed' }),
    )

    const ledger = gh.engine.store.workspace.listApps().find((a) => a.name === 'Ledger Feed')!
    expect(ledger).toMatchObject({ kind: 'externalClientApp', requirePkce: true })
    expect(ledger.consumerKey).toMatch(/^3MVG9/)
    expect(gh.engine.store.workspace.export().permissionSets.map((p) => p.name)).toContain(
      'Ledger_Readers',
    )
  })

  it('refuses a malformed file, naming it and its line, and changes nothing', async () => {
    const files = readProjectFolder(projectDir)
    const path =
      'force-app/main/default/extlClntAppOauthPolicies/Ledger_Feed_oauthPlcy.ecaOauthPlcy-meta.xml'
    files[path] = files[path]!.replace(
      '<label>Ledger_Feed_oauthPlcy</label>',
      '<label>Ledger_Feed_oauthPlcy</lable>',
    )
    const before = await admin(gh, 'GET', '/workspace')
    const res = await admin(gh, 'POST', '/workspace/sfdx?apply=true', { files })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('invalid_metadata')
    expect(res.body.issues).toEqual([
      {
        in: 'body',
        path: `files[${JSON.stringify(path)}]`,
        message: expect.stringMatching(/^line 6: malformed XML/),
      },
    ])
    expect((await admin(gh, 'GET', '/workspace')).body).toEqual(before.body)
  })

  it('exports the apps back as metadata, the global settings only with secrets', async () => {
    const plain = await admin(gh, 'GET', '/workspace/sfdx')
    expect(plain.status).toBe(200)
    const paths = Object.keys(plain.body.files)
    expect(paths).toContain(
      'force-app/main/default/connectedApps/Confidential_One.connectedApp-meta.xml',
    )
    expect(paths.some((p) => p.endsWith('.ecaGlblOauth-meta.xml'))).toBe(false)
    const exported =
      plain.body.files[
        'force-app/main/default/connectedApps/Confidential_One.connectedApp-meta.xml'
      ]
    expect(exported).toContain('<profileName>System Administrator</profileName>')
    expect(exported).not.toContain(C1.secret)

    const secret = await admin(gh, 'GET', '/workspace/sfdx?withSecrets=true')
    const global = Object.entries(secret.body.files as Record<string, string>).find(([p]) =>
      p.endsWith('Ledger_Feed_glbloauth.ecaGlblOauth-meta.xml'),
    )
    const ledger = gh.engine.store.workspace.listApps().find((a) => a.name === 'Ledger Feed')!
    expect(global?.[1]).toContain(`<consumerSecret>${ledger.consumerSecret}</consumerSecret>`)
  })
})

describe('an imported External Client App, through jsforce’s client credentials request', () => {
  const global = (enabled: boolean) => `${HEAD}<ExtlClntAppGlobalOauthSettings ${NS}>
    <consumerKey>3MVG9AcmeReportingRobotKey</consumerKey>
    <consumerSecret>R0B0TSECRET0123456789ABCDEF0123456789AB</consumerSecret>
    <externalClientApplication>Reporting_Robot</externalClientApplication>
    <isClientCredentialsFlowEnabled>${enabled}</isClientCredentialsFlowEnabled>
    <label>Reporting_Robot_glbloauth</label>
</ExtlClntAppGlobalOauthSettings>
`
  const policies = (enabled: boolean) => `${HEAD}<ExtlClntAppOauthConfigurablePolicies ${NS}>
    <clientCredentialsFlowUser>${USERS.integration}</clientCredentialsFlowUser>
    <externalClientApplication>Reporting_Robot</externalClientApplication>
    <isClientCredentialsFlowEnabled>${enabled}</isClientCredentialsFlowEnabled>
    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
    <commaSeparatedProfile>Integration User</commaSeparatedProfile>
</ExtlClntAppOauthConfigurablePolicies>
`
  const project = (globalOn: boolean, policyOn: boolean) => ({
    'apps/Reporting_Robot.eca-meta.xml': `${HEAD}<ExternalClientApplication ${NS}>
    <contactEmail>ops@acme.test</contactEmail>
    <label>Reporting Robot</label>
</ExternalClientApplication>
`,
    'apps/Reporting_Robot_oauth.ecaOauth-meta.xml': `${HEAD}<ExtlClntAppOauthSettings ${NS}>
    <commaSeparatedOauthScopes>Api</commaSeparatedOauthScopes>
    <externalClientApplication>Reporting_Robot</externalClientApplication>
</ExtlClntAppOauthSettings>
`,
    'apps/secret/Reporting_Robot_glbloauth.ecaGlblOauth-meta.xml': global(globalOn),
    'apps/Reporting_Robot_oauthPlcy.ecaOauthPlcy-meta.xml': policies(policyOn),
  })

  function robot() {
    return new jsforce.Connection({
      oauth2: {
        loginUrl: gh.baseUrl,
        clientId: '3MVG9AcmeReportingRobotKey',
        clientSecret: 'R0B0TSECRET0123456789ABCDEF0123456789AB',
        redirectUri: 'https://unused.test/cb',
      },
      version: '62.0',
    })
  }

  it('gets a token as the run-as user when the global settings and the policy both enable it', async () => {
    const applied = await admin(gh, 'POST', '/workspace/sfdx?apply=true', {
      files: project(true, true),
    })
    expect(applied.status).toBe(200)
    const conn = robot()
    const info = await conn.authorize({ grant_type: 'client_credentials' })
    // The app asks for api only (no id scope), so the user is read from the token answer.
    expect(info.id).toBe(gh.engine.store.workspace.findUserByUsername(USERS.integration)!.id)
    expect((await conn.query('SELECT Id FROM Account')).done).toBe(true)
  })

  it('is refused once the admin policy turns client credentials off', async () => {
    const applied = await admin(gh, 'POST', '/workspace/sfdx?apply=true', {
      files: project(true, false),
    })
    expect(applied.body.apps[0]).toMatchObject({ action: 'updated', matchedBy: 'consumerKey' })
    expect(applied.body.apps[0].changes).toContainEqual({
      field: 'clientCredentials.enabled',
      from: true,
      to: false,
    })
    await expect(robot().authorize({ grant_type: 'client_credentials' })).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'client credentials flow is not enabled for the app',
    })
  })
})
