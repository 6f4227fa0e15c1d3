import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, ORG_ID, USERS } from '../../support/workspace'
import { bearer, issueTokens } from './support'

let gh: RunningGatehouse
let adaId: string

beforeAll(async () => {
  gh = await startGatehouse()
  adaId = gh.engine.store.workspace.findUserByUsername(USERS.ada)!.id
})
afterAll(async () => {
  await gh.close()
})

const issue = (scopes: string[] = ['openid', 'api'], username: string = USERS.ada) =>
  issueTokens(gh.engine, { app: C1.key, username, scopes })

function urls(base: string): Record<string, string> {
  const org15 = ORG_ID.slice(0, 15)
  const rest = `${base}/services/data/v{version}`
  return {
    enterprise: `${base}/services/Soap/c/{version}/${org15}`,
    metadata: `${base}/services/Soap/m/{version}/${org15}`,
    partner: `${base}/services/Soap/u/{version}/${org15}`,
    rest: `${rest}/`,
    sobjects: `${rest}/sobjects/`,
    search: `${rest}/search/`,
    query: `${rest}/query/`,
    recent: `${rest}/recent/`,
    tooling_soap: `${base}/services/Soap/T/{version}/${org15}`,
    tooling_rest: `${rest}/tooling/`,
    profile: `${base}/${adaId}`,
    feeds: `${rest}/chatter/feeds`,
    groups: `${rest}/chatter/groups`,
    users: `${rest}/chatter/users`,
    feed_items: `${rest}/chatter/feed-items`,
    feed_elements: `${rest}/chatter/feed-elements`,
    custom_domain: base,
  }
}

async function expectBadToken(res: Response, body = 'Bad_OAuth_Token'): Promise<void> {
  expect(res.status).toBe(403)
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  expect(await res.text()).toBe(body)
}

describe('GET /services/oauth2/userinfo', () => {
  it('answers Salesforce’s UserInfo fields for the token’s user', async () => {
    const issued = await issue()
    const res = await gh.fetch('/services/oauth2/userinfo', { headers: bearer(issued.accessToken) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const base = gh.baseUrl
    const body = await res.json()
    expect(body).toEqual({
      sub: `${base}/id/${ORG_ID}/${adaId}`,
      user_id: adaId,
      organization_id: ORG_ID,
      preferred_username: USERS.ada,
      nickname: 'ada',
      name: 'Ada Admin',
      email: USERS.ada,
      email_verified: true,
      given_name: 'Ada',
      family_name: 'Admin',
      zoneinfo: 'America/Los_Angeles',
      photos: { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` },
      profile: `${base}/${adaId}`,
      picture: `${base}/profilephoto/005/F`,
      address: {},
      is_salesforce_integration_user: false,
      urls: urls(base),
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: -28800000,
      updated_at: '2024-01-01T00:00:00Z',
      is_app_installed: true,
    })
  })

  it('also answers POST with the token in the header, or as access_token in the body', async () => {
    const issued = await issue()
    const viaHeader = await gh.fetch('/services/oauth2/userinfo', {
      method: 'POST',
      headers: bearer(issued.accessToken),
    })
    expect(viaHeader.status).toBe(200)
    expect(((await viaHeader.json()) as { user_id: string }).user_id).toBe(adaId)
    const viaBody = await gh.fetch('/services/oauth2/userinfo', {
      method: 'POST',
      body: form({ access_token: issued.accessToken }),
    })
    expect(viaBody.status).toBe(200)
  })

  it('accepts Salesforce’s own "OAuth <token>" scheme', async () => {
    const issued = await issue()
    const res = await gh.fetch('/services/oauth2/userinfo', {
      headers: { authorization: `OAuth ${issued.accessToken}` },
    })
    expect(res.status).toBe(200)
  })

  it.each([['id'], ['profile'], ['email'], ['full']])(
    'works with the identity scope %s',
    async (scope) => {
      const issued = await issue([scope, 'api'])
      const res = await gh.fetch('/services/oauth2/userinfo', {
        headers: bearer(issued.accessToken),
      })
      expect(res.status).toBe(200)
    },
  )

  it('a token without an identity scope (api only) → 403 Bad_OAuth_Token', async () => {
    const issued = await issue(['api', 'refresh_token'])
    await expectBadToken(
      await gh.fetch('/services/oauth2/userinfo', { headers: bearer(issued.accessToken) }),
    )
  })

  it('no token → 403 Missing_OAuth_Token', async () => {
    await expectBadToken(await gh.fetch('/services/oauth2/userinfo'), 'Missing_OAuth_Token')
    await expectBadToken(
      await gh.fetch('/services/oauth2/userinfo', { headers: { authorization: 'Basic abc' } }),
      'Missing_OAuth_Token',
    )
  })

  it('garbage, expired, revoked and inactive-user tokens → 403 Bad_OAuth_Token', async () => {
    await expectBadToken(
      await gh.fetch('/services/oauth2/userinfo', { headers: bearer('garbage') }),
    )

    const revoked = await issue()
    gh.engine.oauth.store.revokeGrant(revoked.grantId, gh.clock.now(), 'test')
    await expectBadToken(
      await gh.fetch('/services/oauth2/userinfo', { headers: bearer(revoked.accessToken) }),
    )

    const olga = await issue(['openid'], USERS.olga)
    await expectBadToken(
      await gh.fetch('/services/oauth2/userinfo', { headers: bearer(olga.accessToken) }),
    )

    const expiring = await issue()
    gh.clock.advance(120 * 60_000 + 1)
    try {
      await expectBadToken(
        await gh.fetch('/services/oauth2/userinfo', { headers: bearer(expiring.accessToken) }),
      )
    } finally {
      gh.clock.advance(-(120 * 60_000 + 1))
    }
  })

  it('a token both in the header and in the body → 400 invalid_request', async () => {
    const issued = await issue()
    const res = await gh.fetch('/services/oauth2/userinfo', {
      method: 'POST',
      headers: bearer(issued.accessToken),
      body: form({ access_token: issued.accessToken }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request')
  })
})
