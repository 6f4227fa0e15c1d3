import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../src/core/tokens/random'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, ORG_ID, USERS } from '../../support/workspace'
import { bearer, issueTokens } from './support'

let gh: RunningGatehouse
let adaId: string
let samId: string

beforeAll(async () => {
  gh = await startGatehouse()
  adaId = gh.engine.store.workspace.findUserByUsername(USERS.ada)!.id
  samId = gh.engine.store.workspace.findUserByUsername(USERS.sam)!.id
})
afterAll(async () => {
  await gh.close()
})

const badSuffix = () => (adaId.slice(15) === 'AAA' ? 'BBB' : 'AAA')
const swapCase = (id: string) =>
  id.replace(/[a-z]/gi, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))

const issue = (scopes: string[] = ['id', 'api'], username: string = USERS.ada) =>
  issueTokens(gh.engine, { app: C1.key, username, scopes })

async function expectPlain(res: Response, status: number, body: string): Promise<void> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  expect(await res.text()).toBe(body)
}

describe('GET /id/{orgId}/{userId}', () => {
  it('answers the identity document for the id in the token response', async () => {
    const issued = await issue()
    expect(issued.response.id).toBe(`${gh.baseUrl}/id/${ORG_ID}/${adaId}`)
    const res = await gh.fetch(new URL(issued.response.id).pathname, {
      headers: bearer(issued.accessToken),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const base = gh.baseUrl
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      id: issued.response.id,
      asserted_user: true,
      user_id: adaId,
      organization_id: ORG_ID,
      username: USERS.ada,
      nick_name: 'ada',
      display_name: 'Ada Admin',
      email: USERS.ada,
      email_verified: true,
      first_name: 'Ada',
      last_name: 'Admin',
      timezone: 'America/Los_Angeles',
      photos: { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` },
      addr_street: null,
      addr_city: null,
      addr_state: null,
      addr_country: null,
      addr_zip: null,
      mobile_phone: null,
      mobile_phone_verified: false,
      is_lightning_login_user: false,
      status: { created_date: null, body: null },
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: -28800000,
      last_modified_date: '2024-01-01T00:00:00.000+0000',
      is_app_installed: true,
    })
    expect(Object.keys(body.urls as object)).toEqual([
      'enterprise',
      'metadata',
      'partner',
      'rest',
      'sobjects',
      'search',
      'query',
      'recent',
      'tooling_soap',
      'tooling_rest',
      'profile',
      'feeds',
      'groups',
      'users',
      'feed_items',
      'feed_elements',
      'custom_domain',
    ])
    expect((body.urls as Record<string, string>).rest).toBe(`${base}/services/data/v{version}/`)
    expect((body.urls as Record<string, string>).enterprise).toBe(
      `${base}/services/Soap/c/{version}/${ORG_ID.slice(0, 15)}`,
    )
  })

  it('accepts ?oauth_token= and format=json, as jsforce calls it', async () => {
    const issued = await issue()
    const token = encodeURIComponent(issued.accessToken)
    const res = await gh.fetch(`/id/${ORG_ID}/${adaId}?format=json&oauth_token=${token}`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { username: string }).username).toBe(USERS.ada)
  })

  it('accepts 15-character ids, and 18-character ids whose suffix differs only in case', async () => {
    const issued = await issue()
    for (const path of [
      `/id/${ORG_ID.slice(0, 15)}/${adaId.slice(0, 15)}`,
      `/id/${ORG_ID}/${adaId.slice(0, 15)}${adaId.slice(15).toLowerCase()}`,
    ]) {
      const res = await gh.fetch(path, { headers: bearer(issued.accessToken) })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { user_id: string }).user_id).toBe(adaId)
    }
  })

  it('another user’s identity → 404 Bad_Id', async () => {
    const issued = await issue()
    await expectPlain(
      await gh.fetch(`/id/${ORG_ID}/${samId}`, { headers: bearer(issued.accessToken) }),
      404,
      'Bad_Id',
    )
  })

  it('another org → 403 Wrong_Org', async () => {
    const issued = await issue()
    await expectPlain(
      await gh.fetch(`/id/00D000000000001AAA/${adaId}`, { headers: bearer(issued.accessToken) }),
      403,
      'Wrong_Org',
    )
  })

  it.each([
    ['a malformed user id', () => `/id/${ORG_ID}/nope`],
    ['a user id with another suffix', () => `/id/${ORG_ID}/${adaId.slice(0, 15)}${badSuffix()}`],
    ['a user id with other letter case', () => `/id/${ORG_ID}/${swapCase(adaId.slice(0, 15))}`],
    ['an org id in the user slot', () => `/id/${ORG_ID}/${ORG_ID}`],
  ])('%s → 404 Bad_Id', async (_name, path) => {
    const issued = await issue()
    await expectPlain(
      await gh.fetch(path(), { headers: bearer(issued.accessToken) }),
      404,
      'Bad_Id',
    )
  })

  it('no token → 403 Missing_OAuth_Token; bad, revoked or scope-less tokens → 403 Bad_OAuth_Token', async () => {
    const path = `/id/${ORG_ID}/${adaId}`
    await expectPlain(await gh.fetch(path), 403, 'Missing_OAuth_Token')
    await expectPlain(await gh.fetch(path, { headers: bearer('garbage') }), 403, 'Bad_OAuth_Token')
    await expectPlain(await gh.fetch(`${path}?oauth_token=garbage`), 403, 'Bad_OAuth_Token')

    const revoked = await issue()
    gh.engine.oauth.store.revokeAccessToken(sha256Hex(revoked.accessToken), gh.clock.now())
    await expectPlain(
      await gh.fetch(path, { headers: bearer(revoked.accessToken) }),
      403,
      'Bad_OAuth_Token',
    )

    const apiOnly = await issue(['api'])
    await expectPlain(
      await gh.fetch(path, { headers: bearer(apiOnly.accessToken) }),
      403,
      'Bad_OAuth_Token',
    )
  })
})
