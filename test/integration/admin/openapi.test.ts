import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { admin, type Json } from './support'

let gh: RunningGatehouse
let doc: Json

beforeAll(async () => {
  gh = await startGatehouse()
  doc = (await admin(gh, 'GET', '/openapi.json')).body
})
afterAll(() => gh.close())

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refs(item, found))
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item)
      else refs(item, found)
    }
  }
  return found
}

describe('GET /_gatehouse/api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with bearer security', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('Gatehouse admin API')
    expect(doc.components.securitySchemes.adminToken).toEqual({ type: 'http', scheme: 'bearer' })
    expect(doc.security).toEqual([{ adminToken: [] }])
  })

  it('describes the routes the brief lists, each with a unique operationId', () => {
    const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    )
    const ids = operations.map((o) => o.op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    const keys = operations.map(
      (o) => `${o.method.toUpperCase()} ${o.path.replace('/_gatehouse/api', '')}`,
    )
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /workspace',
        'PUT /workspace',
        'POST /workspace/reset',
        'GET /apps',
        'POST /apps',
        'GET /apps/{consumerKey}',
        'PUT /apps/{consumerKey}',
        'DELETE /apps/{consumerKey}',
        'POST /apps/{consumerKey}/secret',
        'GET /users',
        'POST /users',
        'PUT /users/{user}',
        'DELETE /users/{user}',
        'GET /profiles',
        'POST /profiles',
        'PUT /profiles/{name}',
        'DELETE /profiles/{name}',
        'POST /keys/rotate',
        'GET /clock',
        'PUT /clock',
        'POST /clock/advance',
        'POST /clock/freeze',
        'POST /clock/reset',
        'GET /exchanges',
        'GET /exchanges/{id}',
        'GET /exchanges/har',
        'DELETE /exchanges',
        'GET /flows',
        'GET /flows/{id}',
        'GET /flows/{id}/har',
        'GET /events',
        'GET /openapi.json',
      ]),
    )
  })

  it('documents parameters and bodies from the zod schemas', () => {
    const list = doc.paths['/_gatehouse/api/exchanges'].get
    const names = list.parameters.map((p: { name: string }) => p.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'app',
        'user',
        'status',
        'endpoint',
        'flow',
        'text',
        'limit',
        'cursor',
      ]),
    )
    const endpoint = list.parameters.find((p: { name: string }) => p.name === 'endpoint')
    expect(endpoint.schema.enum).toContain('token')
    expect(list.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ExchangePage',
    })
    expect(list.responses['400'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/AdminError',
    })

    const advance = doc.paths['/_gatehouse/api/clock/advance'].post
    expect(advance.requestBody.content['application/json'].schema.properties.by).toBeDefined()
    const putWorkspace = doc.paths['/_gatehouse/api/workspace'].put
    expect(putWorkspace.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Workspace',
    })
    const createApp = doc.paths['/_gatehouse/api/apps'].post
    expect(createApp.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/App',
    })
    expect(doc.components.schemas.App.properties.callbackUrls).toBeDefined()
    expect(doc.components.schemas.ExchangeDetail.properties.jwts.items).toEqual({
      $ref: '#/components/schemas/DecodedJwt',
    })
  })

  it('every $ref resolves to a component', () => {
    const components = new Set(Object.keys(doc.components.schemas))
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//)
      expect(components).toContain(ref.slice('#/components/schemas/'.length))
    }
  })
})
