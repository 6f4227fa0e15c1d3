import { afterAll, beforeEach, beforeAll, describe, expect, it } from 'vitest'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, CC, PASSWORD, testWorkspace, USERS } from '../../support/workspace'
import { admin, type Json } from './support'

/** The workspace, and the apps, users and profiles in it, through the admin API. */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
beforeEach(async () => {
  gh.engine.importWorkspace(testWorkspace())
})
afterAll(() => gh.close())

const passwordLogin = (key: string, secret: string, username = USERS.ada) =>
  gh.fetch('/services/oauth2/token', {
    method: 'POST',
    body: form({
      grant_type: 'password',
      client_id: key,
      client_secret: secret,
      username,
      password: PASSWORD,
    }),
  })

describe('workspace', () => {
  it('GET answers the whole workspace; redact=true leaves secrets out', async () => {
    const full = await admin(gh, 'GET', '/workspace')
    expect(full.status).toBe(200)
    expect(full.body.gatehouse).toBe(1)
    expect(full.body.apps.find((a: { name: string }) => a.name === C1.name).consumerSecret).toBe(
      C1.secret,
    )
    const redacted = await admin(gh, 'GET', '/workspace?redact=true')
    expect(JSON.stringify(redacted.body)).not.toContain(C1.secret)
    expect(JSON.stringify(redacted.body)).not.toContain(PASSWORD)
  })

  it('GET refuses unknown and malformed query parameters, naming them', async () => {
    const bad = await admin(gh, 'GET', '/workspace?redact=maybe&extra=1')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('invalid_request')
    expect(bad.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'query', path: 'redact' }),
        { in: 'query', path: 'extra', message: 'unknown field' },
      ]),
    )
  })

  it('PUT loads a valid workspace and answers it with defaults filled in', async () => {
    const ws = testWorkspace()
    ws.org.name = 'Renamed Org'
    const res = await admin(gh, 'PUT', '/workspace', ws)
    expect(res.status).toBe(200)
    expect(res.body.org.name).toBe('Renamed Org')
    expect(res.body.apps[0].policies.permittedUsers).toBe('allSelfAuthorize')
    expect(gh.engine.org().name).toBe('Renamed Org')
  })

  it('PUT refuses an invalid workspace with every path, and changes nothing', async () => {
    const ws = testWorkspace() as Json
    ws.apps[0].callbackUrls = ['javascript:alert(1)']
    ws.users[0].profile = 'Nope'
    ws.org.colour = 'blue'
    const res = await admin(gh, 'PUT', '/workspace', ws)
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('invalid_workspace')
    const paths = res.body.issues.map((i: { path: string }) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['apps[0].callbackUrls[0]', 'org.colour']))
    expect(res.body.issues.every((i: { in: string }) => i.in === 'body')).toBe(true)
    expect(res.body.message).toContain('apps[0].callbackUrls[0]')
    expect(gh.engine.org().name).toBe('Acme Test')

    const refs = await admin(gh, 'PUT', '/workspace', {
      ...testWorkspace(),
      users: [{ ...testWorkspace().users![0], profile: 'Nope' }],
    })
    expect(refs.status).toBe(400)
    expect(refs.body.issues[0]).toMatchObject({ in: 'body', path: 'users[0].profile' })
  })

  it('PUT with no body, a non-object, or broken JSON is refused', async () => {
    const empty = await admin(gh, 'PUT', '/workspace')
    expect(empty.status).toBe(400)
    const array = await admin(gh, 'PUT', '/workspace', [1, 2])
    expect(array.status).toBe(400)
    expect(array.body.issues[0].path).toBe('(root)')
    const broken = await gh.fetch('/_gatehouse/api/workspace', {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${gh.engine.adminToken}`,
        'content-type': 'application/json',
      },
      body: '{"gatehouse": 1,',
    })
    expect(broken.status).toBe(400)
    expect(((await broken.json()) as { error: string }).error).toBe('bad_request')
  })

  it('POST /workspace/reset loads the demo workspace', async () => {
    const res = await admin(gh, 'POST', '/workspace/reset')
    expect(res.status).toBe(200)
    expect(res.body.org.name).toBe(gh.engine.org().name)
    expect(gh.engine.store.workspace.findAppByConsumerKey(C1.key)).toBeUndefined()
  })

  it('GET /workspace/schema is the workspace JSON Schema', async () => {
    const res = await admin(gh, 'GET', '/workspace/schema')
    expect(res.status).toBe(200)
    expect(res.body.$id).toBe('urn:gatehouse:workspace:1')
  })
})

describe('apps', () => {
  const newApp = {
    kind: 'connectedApp',
    name: 'Created By API',
    callbackUrls: ['https://created.test/cb'],
    scopes: ['api', 'refresh_token'],
    usernamePassword: { enabled: true },
  }

  it('lists apps without their secrets', async () => {
    const res = await admin(gh, 'GET', '/apps')
    expect(res.status).toBe(200)
    expect(res.body.map((a: { name: string }) => a.name)).toContain(C1.name)
    expect(JSON.stringify(res.body)).not.toContain(C1.secret)
  })

  it('POST creates an app with a generated key and secret, shown once', async () => {
    const res = await admin(gh, 'POST', '/apps', newApp)
    expect(res.status).toBe(201)
    expect(res.body.app.consumerKey).toMatch(/^3MVG9/)
    expect(res.body.app.consumerSecret).toBeUndefined()
    expect(res.body.consumerSecret).toMatch(/^[0-9A-F]{64}$/)
    const token = await passwordLogin(res.body.app.consumerKey, res.body.consumerSecret)
    expect(token.status).toBe(200)
    const again = await admin(gh, 'GET', `/apps/${encodeURIComponent(res.body.app.consumerKey)}`)
    expect(again.body.name).toBe('Created By API')
    expect(again.body.consumerSecret).toBeUndefined()
  })

  it('POST refuses bad apps with paths relative to the body', async () => {
    const missing = await admin(gh, 'POST', '/apps', { name: 'No kind' })
    expect(missing.status).toBe(400)
    expect(missing.body.error).toBe('invalid_request')
    expect(missing.body.issues).toContainEqual(
      expect.objectContaining({ in: 'body', path: 'kind' }),
    )

    const badUrl = await admin(gh, 'POST', '/apps', {
      ...newApp,
      callbackUrls: ['not a url'],
      colour: 1,
    })
    expect(badUrl.status).toBe(400)
    expect(badUrl.body.issues).toEqual(
      expect.arrayContaining([
        { in: 'body', path: 'callbackUrls[0]', message: 'expected a URL string' },
        { in: 'body', path: 'colour', message: 'unknown field' },
      ]),
    )

    const duplicate = await admin(gh, 'POST', '/apps', { ...newApp, name: C1.name.toUpperCase() })
    expect(duplicate.status).toBe(400)
    expect(duplicate.body.error).toBe('invalid_workspace')
    expect(duplicate.body.issues).toContainEqual(
      expect.objectContaining({ in: 'body', path: 'name' }),
    )

    const noBody = await admin(gh, 'POST', '/apps')
    expect(noBody.status).toBe(400)
    expect(noBody.body.issues[0]).toMatchObject({ in: 'body', path: '(root)' })
  })

  it('PUT replaces an app and keeps its secret when none is given', async () => {
    const current = (await admin(gh, 'GET', `/apps/${encodeURIComponent(C1.key)}`)).body
    const res = await admin(gh, 'PUT', `/apps/${encodeURIComponent(C1.key)}`, {
      ...current,
      name: 'Confidential One Renamed',
    })
    expect(res.status).toBe(200)
    expect(res.body.name).toBe('Confidential One Renamed')
    expect(gh.engine.store.workspace.findAppByConsumerKey(C1.key)!.consumerSecret).toBe(C1.secret)
    expect((await passwordLogin(C1.key, C1.secret)).status).toBe(200)
  })

  it('PUT refuses a different consumer key, an unknown app and bad fields', async () => {
    const current = (await admin(gh, 'GET', `/apps/${encodeURIComponent(C1.key)}`)).body
    const other = await admin(gh, 'PUT', `/apps/${encodeURIComponent(C1.key)}`, {
      ...current,
      consumerKey: C2.key,
    })
    expect(other.status).toBe(400)
    expect(other.body.issues).toEqual([
      expect.objectContaining({ in: 'body', path: 'consumerKey' }),
    ])

    const unknown = await admin(gh, 'PUT', '/apps/3MVG9nope', current)
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toBe('not_found')

    const bad = await admin(gh, 'PUT', `/apps/${encodeURIComponent(C1.key)}`, {
      ...current,
      scopes: ['api', 'root'],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0]).toMatchObject({ in: 'body', path: 'scopes[1]' })
  })

  it('GET and DELETE an unknown app: 404; DELETE removes one', async () => {
    expect((await admin(gh, 'GET', '/apps/3MVG9nope')).status).toBe(404)
    expect((await admin(gh, 'DELETE', '/apps/3MVG9nope')).status).toBe(404)
    const res = await admin(gh, 'DELETE', `/apps/${encodeURIComponent(C2.key)}`)
    expect(res.status).toBe(204)
    expect(gh.engine.store.workspace.findAppByConsumerKey(C2.key)).toBeUndefined()
  })

  it('POST …/secret rotates the consumer secret: shown once, the old one stops working', async () => {
    const res = await admin(gh, 'POST', `/apps/${encodeURIComponent(C1.key)}/secret`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      consumerKey: C1.key,
      consumerSecret: expect.stringMatching(/^[0-9A-F]{64}$/),
    })
    expect((await passwordLogin(C1.key, C1.secret)).status).toBe(400)
    expect((await passwordLogin(C1.key, res.body.consumerSecret)).status).toBe(200)
    expect((await admin(gh, 'POST', '/apps/3MVG9nope/secret')).status).toBe(404)
  })
})

describe('users', () => {
  it('lists users without passwords', async () => {
    const res = await admin(gh, 'GET', '/users')
    expect(res.status).toBe(200)
    const ada = res.body.find((u: { username: string }) => u.username === USERS.ada)
    expect(ada).toMatchObject({ hasPassword: true, id: expect.stringMatching(/^005/) })
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD)
  })

  it('POST creates a user who can log in; bad users are refused with paths', async () => {
    const res = await admin(gh, 'POST', '/users', {
      username: 'new@acme.test',
      password: 'N3w-Passw0rd',
      lastName: 'New',
      email: 'new@acme.test',
      profile: 'Standard User',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ username: 'new@acme.test', hasPassword: true })
    expect(res.body.password).toBeUndefined()

    const bad = await admin(gh, 'POST', '/users', {
      username: 'not-an-email',
      lastName: 'X',
      email: 'x@acme.test',
      profile: 'Nope',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues).toContainEqual(
      expect.objectContaining({ in: 'body', path: 'username' }),
    )

    const noProfile = await admin(gh, 'POST', '/users', {
      username: 'np@acme.test',
      lastName: 'X',
      email: 'np@acme.test',
      profile: 'Nope',
    })
    expect(noProfile.status).toBe(400)
    expect(noProfile.body.error).toBe('invalid_workspace')
    expect(noProfile.body.issues).toContainEqual(
      expect.objectContaining({ in: 'body', path: 'profile' }),
    )
  })

  it('GET and PUT by id or username; the password is kept when left out', async () => {
    const byName = await admin(gh, 'GET', `/users/${encodeURIComponent(USERS.sam.toUpperCase())}`)
    expect(byName.status).toBe(200)
    const { hasPassword: _has, id, ...editable } = byName.body
    const res = await admin(gh, 'PUT', `/users/${id}`, { ...editable, firstName: 'Samuel' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id, firstName: 'Samuel', hasPassword: true })
    expect(gh.engine.store.workspace.findUserById(id)!.password).toBe(PASSWORD)

    const otherId = await admin(gh, 'PUT', `/users/${id}`, {
      ...editable,
      id: '005000000000001AAA',
    })
    expect(otherId.status).toBe(400)
    expect(otherId.body.issues).toEqual([expect.objectContaining({ in: 'body', path: 'id' })])
    expect((await admin(gh, 'GET', '/users/nobody@acme.test')).status).toBe(404)
  })

  it('DELETE refuses a user an app runs as, naming where; removes others', async () => {
    const refused = await admin(gh, 'DELETE', `/users/${encodeURIComponent(USERS.integration)}`)
    expect(refused.status).toBe(400)
    expect(refused.body.error).toBe('invalid_workspace')
    const cc = gh.engine.store.workspace.listApps().findIndex((a) => a.consumerKey === CC.key)
    expect(refused.body.issues).toContainEqual(
      expect.objectContaining({ in: 'workspace', path: `apps[${cc}].clientCredentials.runAs` }),
    )
    const res = await admin(gh, 'DELETE', `/users/${encodeURIComponent(USERS.olga)}`)
    expect(res.status).toBe(204)
    expect(gh.engine.store.workspace.findUserByUsername(USERS.olga)).toBeUndefined()
  })
})

describe('profiles', () => {
  it('CRUD, refusing to remove a profile users still have', async () => {
    const list = await admin(gh, 'GET', '/profiles')
    expect(list.body.map((p: { name: string }) => p.name)).toContain('Standard User')

    const created = await admin(gh, 'POST', '/profiles', { name: 'Auditor', apiEnabled: false })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ name: 'Auditor', apiEnabled: false, loginIpRanges: [] })

    const updated = await admin(gh, 'PUT', '/profiles/Auditor', {
      name: 'Auditor',
      loginIpRanges: [{ start: '10.0.0.1', end: '10.0.0.9' }],
    })
    expect(updated.status).toBe(200)
    expect(updated.body.apiEnabled).toBe(true)

    const badRange = await admin(gh, 'PUT', '/profiles/Auditor', {
      name: 'Auditor',
      loginIpRanges: [{ start: '10.0.0.9', end: '10.0.0.1' }],
    })
    expect(badRange.status).toBe(400)
    expect(badRange.body.issues[0]).toMatchObject({ in: 'body', path: 'loginIpRanges[0].end' })

    expect((await admin(gh, 'GET', '/profiles/Auditor')).body.name).toBe('Auditor')
    expect((await admin(gh, 'DELETE', '/profiles/Auditor')).status).toBe(204)
    expect((await admin(gh, 'GET', '/profiles/Auditor')).status).toBe(404)

    const inUse = await admin(gh, 'DELETE', `/profiles/${encodeURIComponent('Standard User')}`)
    expect(inUse.status).toBe(400)
    expect(inUse.body.issues).toContainEqual(
      expect.objectContaining({
        in: 'workspace',
        path: expect.stringMatching(/^users\[\d\]\.profile$/),
      }),
    )
  })
})
