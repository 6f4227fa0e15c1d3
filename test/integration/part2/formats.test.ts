import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, PASSWORD, USERS } from '../../support/workspace'
import { issueTokens } from '../endpoints/support'
import { DV, TOKEN, expectNoStore, part2Workspace, postForm, postMultipart } from './support'

/**
 * Response formats (reference §2, §6): `format=json|urlencoded|xml` or the matching Accept
 * header on the token endpoint — successes and errors alike — and the identity URL's
 * `format`, `version` and JSONP `callback`.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse({ workspace: part2Workspace() })
})
afterAll(async () => {
  await gh.close()
})

const CONTENT_TYPE = {
  json: 'application/json;charset=UTF-8',
  urlencoded: 'application/x-www-form-urlencoded;charset=UTF-8',
  xml: 'application/xml;charset=UTF-8',
}

const passwordGrant = (extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  postForm(
    gh,
    TOKEN,
    {
      grant_type: 'password',
      client_id: C1.key,
      client_secret: C1.secret,
      username: USERS.ada,
      password: PASSWORD,
      ...extra,
    },
    headers,
  )

const badClient = (extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  postForm(gh, TOKEN, { grant_type: 'password', client_id: 'unknown', ...extra }, headers)

const XML_ERROR =
  '<?xml version="1.0" encoding="UTF-8"?><OAuth><error>invalid_client_id</error><error_description>client identifier invalid</error_description></OAuth>'

describe('token endpoint: format=', () => {
  it('json (the default)', async () => {
    const res = await passwordGrant()
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.json)
    expect(Object.keys((await res.json()) as object)).toEqual([
      'access_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ])
  })

  it('urlencoded: the same fields, form-encoded, in the same order', async () => {
    const res = await passwordGrant({ format: 'urlencoded' })
    expect(res.status).toBe(200)
    expectNoStore(res)
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.urlencoded)
    const text = await res.text()
    expect(text).toMatch(/^access_token=00D5g00000ABCDE%21/)
    const body = new URLSearchParams(text)
    expect([...body.keys()]).toEqual([
      'access_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ])
    expect(body.get('scope')).toBe('api refresh_token openid id profile email web')
    expect(body.get('instance_url')).toBe(gh.baseUrl)
    expect(body.get('token_type')).toBe('Bearer')
  })

  it('xml: one element per field under <OAuth>', async () => {
    const res = await passwordGrant({ format: 'xml' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.xml)
    const text = await res.text()
    expect(text).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><OAuth><access_token>00D5g00000ABCDE![^<]+<\/access_token><signature>[^<]+<\/signature><scope>api refresh_token openid id profile email web<\/scope><instance_url>http:\/\/127\.0\.0\.1:\d+<\/instance_url><id>[^<]+<\/id><token_type>Bearer<\/token_type><issued_at>\d+<\/issued_at><\/OAuth>$/,
    )
  })

  it('errors come in the requested format too, with their status', async () => {
    const json = await badClient({ format: 'json' })
    expect(json.status).toBe(400)
    expect(json.headers.get('content-type')).toBe(CONTENT_TYPE.json)
    expect(await json.json()).toEqual({
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    })

    const urlencoded = await badClient({ format: 'urlencoded' })
    expect(urlencoded.status).toBe(400)
    expect(urlencoded.headers.get('content-type')).toBe(CONTENT_TYPE.urlencoded)
    expect(await urlencoded.text()).toBe(
      'error=invalid_client_id&error_description=client+identifier+invalid',
    )

    const xml = await badClient({ format: 'xml' })
    expect(xml.status).toBe(400)
    expect(xml.headers.get('content-type')).toBe(CONTENT_TYPE.xml)
    expectNoStore(xml)
    expect(await xml.text()).toBe(XML_ERROR)
  })

  it('an unknown format value falls back to JSON', async () => {
    const res = await passwordGrant({ format: 'yaml' })
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.json)
  })
})

describe('token endpoint: Accept', () => {
  it.each([
    ['application/json', 'json'],
    ['application/x-www-form-urlencoded', 'urlencoded'],
    ['application/xml', 'xml'],
    ['text/html, application/xml;q=0.9, */*;q=0.8', 'xml'],
    ['*/*', 'json'],
  ] as const)('Accept: %s answers %s', async (accept, format) => {
    const res = await passwordGrant({}, { accept })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE[format])
  })

  it('format= wins over Accept', async () => {
    const res = await passwordGrant({ format: 'json' }, { accept: 'application/xml' })
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.json)
  })

  it('errors follow Accept, even one refused before the parameters are read', async () => {
    const res = await badClient({}, { accept: 'application/xml' })
    expect(await res.text()).toBe(XML_ERROR)
    const jsonBody = await gh.fetch(TOKEN, {
      method: 'POST',
      body: '{"grant_type":"password"}',
      headers: { 'content-type': 'application/json', accept: 'application/x-www-form-urlencoded' },
    })
    expect(jsonBody.status).toBe(400)
    expect(jsonBody.headers.get('content-type')).toBe(CONTENT_TYPE.urlencoded)
    expect(await jsonBody.text()).toBe(
      'error=invalid_request&error_description=request+body+must+be+application%2Fx-www-form-urlencoded',
    )
  })

  it('the device authorization request honours it as well', async () => {
    const res = await postMultipart(gh, TOKEN, {
      client_id: DV.key,
      response_type: 'device_code',
      format: 'urlencoded',
    })
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.urlencoded)
    const body = new URLSearchParams(await res.text())
    expect([...body.keys()]).toEqual(['device_code', 'user_code', 'verification_uri', 'interval'])
    expect(body.get('interval')).toBe('5')
  })
})

describe('identity URL: format, version, callback', () => {
  async function identity(query: string, headers: Record<string, string> = {}): Promise<Response> {
    const issued = await issueTokens(gh.engine, {
      app: C1.key,
      username: USERS.ada,
      scopes: ['id', 'api'],
    })
    const path = new URL(issued.response.id).pathname
    return gh.fetch(`${path}${query}`, {
      headers: { authorization: `Bearer ${issued.accessToken}`, ...headers },
    })
  }

  it('format=json keeps {version} in urls unless version= fills it', async () => {
    const plain = (await (await identity('?format=json')).json()) as {
      urls: Record<string, string>
    }
    expect(plain.urls.rest).toBe(`${gh.baseUrl}/services/data/v{version}/`)
    const filled = await identity('?version=58.0')
    expect(filled.headers.get('content-type')).toBe(CONTENT_TYPE.json)
    const body = (await filled.json()) as { urls: Record<string, string> }
    expect(body.urls.rest).toBe(`${gh.baseUrl}/services/data/v58.0/`)
    expect(body.urls.enterprise).toBe(`${gh.baseUrl}/services/Soap/c/58.0/00D5g00000ABCDE`)
    // A bare major version gets its ".0"; anything else leaves the placeholder.
    const major = (await (await identity('?version=61')).json()) as { urls: Record<string, string> }
    expect(major.urls.query).toBe(`${gh.baseUrl}/services/data/v61.0/query/`)
    const odd = (await (await identity('?version=latest')).json()) as {
      urls: Record<string, string>
    }
    expect(odd.urls.query).toBe(`${gh.baseUrl}/services/data/v{version}/query/`)
  })

  it('format=xml: <user>, nested objects as elements, null as xsi:nil', async () => {
    const res = await identity('?format=xml&version=60.0')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.xml)
    const text = await res.text()
    expect(
      text.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?><user xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><id>',
      ),
    ).toBe(true)
    expect(text).toContain(`<username>${USERS.ada}</username>`)
    expect(text).toContain('<addr_street xsi:nil="true"/>')
    expect(text).toContain(
      `<urls><enterprise>${gh.baseUrl}/services/Soap/c/60.0/00D5g00000ABCDE</enterprise>`,
    )
    expect(text.endsWith('</user>')).toBe(true)
  })

  it('format=urlencoded: nested fields flattened with dotted names', async () => {
    const res = await identity('?format=urlencoded')
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.urlencoded)
    const body = new URLSearchParams(await res.text())
    expect(body.get('username')).toBe(USERS.ada)
    expect(body.get('urls.rest')).toBe(`${gh.baseUrl}/services/data/v{version}/`)
    expect(body.get('asserted_user')).toBe('true')
    expect(body.get('addr_city')).toBe('')
  })

  it('Accept: application/xml works too', async () => {
    const res = await identity('', { accept: 'application/xml' })
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.xml)
  })

  it('callback= answers JSONP (JSON, whatever the format)', async () => {
    const res = await identity('?callback=handleIdentity&format=xml&version=59.0')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const text = await res.text()
    expect(text.startsWith('handleIdentity({"id":')).toBe(true)
    expect(text.endsWith('})')).toBe(true)
    const body = JSON.parse(text.slice('handleIdentity('.length, -1)) as {
      urls: Record<string, string>
    }
    expect(body.urls.rest).toBe(`${gh.baseUrl}/services/data/v59.0/`)
  })

  it('a callback that is not a plain name is refused', async () => {
    const res = await identity('?callback=alert(1)')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'invalid callback',
    })
  })
})
