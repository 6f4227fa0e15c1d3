import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// `gatehouse import --sfdx` and `gatehouse export --sfdx` as a user runs them: the built
// launcher in bin/, a real process, real folders.
const BIN = join(process.cwd(), 'bin', 'gatehouse.js')
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const DIR = 'force-app/main/default'
const dirs: string[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-sfdx-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
}

function writeProject(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
}

const PROJECT = {
  // The package directory is not force-app: the project file says where to look.
  'sfdx-project.json': JSON.stringify({
    packageDirectories: [{ path: 'src-apps', default: true }],
  }),
  'src-apps/main/default/externalClientApps/Field_Service.eca-meta.xml': `${HEAD}<ExternalClientApplication ${NS}>
    <contactEmail>ops@acme.test</contactEmail>
    <label>Field Service</label>
</ExternalClientApplication>
`,
  'src-apps/main/default/extlClntAppOauthSettings/Field_Service_oauth.ecaOauth-meta.xml': `${HEAD}<ExtlClntAppOauthSettings ${NS}>
    <commaSeparatedOauthScopes>Api,OpenID</commaSeparatedOauthScopes>
    <externalClientApplication>Field_Service</externalClientApplication>
    <label>Field_Service_oauth</label>
</ExtlClntAppOauthSettings>
`,
  'src-apps/main/default/extlClntAppGlobalOauthSets/Field_Service_glbloauth.ecaGlblOauth-meta.xml': `${HEAD}<ExtlClntAppGlobalOauthSettings ${NS}>
    <callbackUrl>https://field.acme.test/cb</callbackUrl>
    <consumerKey>3MVG9FieldServiceKey0001</consumerKey>
    <consumerSecret>F1ELDSERV1CESECRET0123456789ABCDEF012345</consumerSecret>
    <externalClientApplication>Field_Service</externalClientApplication>
    <isPkceRequired>false</isPkceRequired>
    <label>Field_Service_glbloauth</label>
</ExtlClntAppGlobalOauthSettings>
`,
  // Outside the package directory: not part of the project.
  [`elsewhere/${DIR}/connectedApps/Stray.connectedApp-meta.xml`]: 'not even XML',
}

function exportedJson(data: string) {
  const out = run(['export', '--data', data])
  expect(out.status, out.stderr).toBe(0)
  return JSON.parse(out.stdout) as { apps: Array<Record<string, unknown> & { name: string }> }
}

describe('gatehouse import/export --sfdx', () => {
  it('imports a project, writes it back, and the written project imports to the same app', () => {
    const project = tempDir()
    writeProject(project, PROJECT)
    const data = tempDir()
    const imported = run(['import', '--sfdx', project, '--data', data])
    expect(imported.status, imported.stderr).toBe(0)
    expect(imported.stdout).toContain('No workspace yet: started from the demo workspace.')
    expect(imported.stdout).toMatch(/created external client app "Field Service" \[Field_Service\]/)
    const app = exportedJson(data).apps.find((a) => a.name === 'Field Service')!
    expect(app).toMatchObject({
      consumerKey: '3MVG9FieldServiceKey0001',
      consumerSecret: 'F1ELDSERV1CESECRET0123456789ABCDEF012345',
      callbackUrls: ['https://field.acme.test/cb'],
      scopes: ['api', 'openid'],
      requirePkce: false,
    })

    const out = tempDir()
    const exported = run(['export', '--sfdx', out, '--data', data, '--with-secrets'])
    expect(exported.status, exported.stderr).toBe(0)
    for (const path of Object.keys(PROJECT).filter((p) => p.startsWith('src-apps/'))) {
      expect(existsSync(join(out, path)), path).toBe(true)
    }
    expect(
      readFileSync(
        join(out, 'src-apps/main/default/externalClientApps/Field_Service.eca-meta.xml'),
        'utf8',
      ),
    ).toBe(PROJECT['src-apps/main/default/externalClientApps/Field_Service.eca-meta.xml'])

    const again = tempDir()
    expect(run(['import', '--sfdx', out, '--data', again]).status).toBe(0)
    const back = exportedJson(again).apps.find((a) => a.name === 'Field Service')!
    // The same app; its metadata now also lists the policy files the export added (beside
    // the others, in the project's own package directory).
    expect({ ...back, metadata: undefined }).toEqual({ ...app, metadata: undefined })
    const paths = (back.metadata as { files: Array<{ path: string }> }).files.map((f) => f.path)
    expect(paths).toContain(
      'src-apps/main/default/extlClntAppOauthPolicies/Field_Service_oauthPlcy.ecaOauthPlcy-meta.xml',
    )
    expect(paths.every((p) => p.startsWith('src-apps/main/default/'))).toBe(true)
  })

  it('leaves the secrets out of an export unless asked', () => {
    const project = tempDir()
    writeProject(project, PROJECT)
    const data = tempDir()
    expect(run(['import', '--sfdx', project, '--data', data]).status).toBe(0)
    const out = tempDir()
    const exported = run(['export', '--sfdx', out, '--data', data])
    expect(exported.status, exported.stderr).toBe(0)
    expect(exported.stdout).toContain(
      'global OAuth settings (consumer keys and secrets) not written: use --with-secrets',
    )
    expect(existsSync(join(out, 'src-apps/main/default/extlClntAppGlobalOauthSets'))).toBe(false)
  })

  it('exits 2 on a malformed file, naming it and its line, and changes nothing', () => {
    const project = tempDir()
    writeProject(project, {
      ...PROJECT,
      'src-apps/main/default/extlClntAppOauthSettings/Field_Service_oauth.ecaOauth-meta.xml':
        PROJECT[
          'src-apps/main/default/extlClntAppOauthSettings/Field_Service_oauth.ecaOauth-meta.xml'
        ].replace('Api,OpenID', 'Api,OpenID</commaSeparatedOauthScopes><oops>'),
    })
    const data = tempDir()
    expect(run(['import', '--sfdx', tempDir(), '--data', data]).status).toBe(0) // empty project
    const before = exportedJson(data)
    const result = run(['import', '--sfdx', project, '--data', data])
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(
      /src-apps\/main\/default\/extlClntAppOauthSettings\/Field_Service_oauth\.ecaOauth-meta\.xml \(line \d+\): malformed XML/,
    )
    expect(exportedJson(data)).toEqual(before)
  })

  it('exits 2 on an unknown enum value, naming file, line and element', () => {
    const project = tempDir()
    writeProject(project, {
      'force-app/main/default/extlClntAppOauthPolicies/Field_Service_oauthPlcy.ecaOauthPlcy-meta.xml': `${HEAD}<ExtlClntAppOauthConfigurablePolicies ${NS}>
    <externalClientApplication>Field_Service</externalClientApplication>
    <permittedUsersPolicyType>Everyone</permittedUsersPolicyType>
</ExtlClntAppOauthConfigurablePolicies>
`,
      'force-app/main/default/externalClientApps/Field_Service.eca-meta.xml':
        PROJECT['src-apps/main/default/externalClientApps/Field_Service.eca-meta.xml'],
    })
    const result = run(['import', '--sfdx', project, '--data', tempDir()])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(
      'Field_Service_oauthPlcy.ecaOauthPlcy-meta.xml (line 4, <permittedUsersPolicyType>): unknown value "Everyone"; expected one of AllSelfAuthorized, AdminApprovedPreAuthorized',
    )
  })

  it('asks for a file or --sfdx', () => {
    const result = run(['import', '--data', tempDir()])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('expected a workspace file or --sfdx <folder>')
  })
})
