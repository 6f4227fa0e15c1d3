import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { admin } from './support'

/** Every admin route needs the per-launch token; CORS is closed to every foreign origin. */
let gh: RunningGatehouse
let operations: Array<{ method: string; path: string }>

beforeAll(async () => {
  gh = await startGatehouse()
  const doc = await admin(gh, 'GET', '/openapi.json')
  operations = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase(),
        // Any value will do for a path parameter: the token is checked first.
        path: path.replace(/\{\w+\}/g, '1'),
      })),
  )
})
afterAll(() => gh.close())

describe('the admin token', () => {
  it('every route answers 401 without it, with the Bearer challenge', async () => {
    expect(operations.length).toBeGreaterThan(25)
    for (const { method, path } of operations) {
      const res = await gh.fetch(path, { method })
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 })
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse-admin"')
      expect(await res.json()).toEqual({
        error: 'unauthorized',
        message: 'missing or wrong admin token',
      })
    }
  })

  it('a wrong token, or the right one in another scheme, is refused the same way', async () => {
    for (const authorization of [
      'Bearer wrong-token',
      `Basic ${gh.engine.adminToken}`,
      gh.engine.adminToken,
      `Bearer ${gh.engine.adminToken}x`,
    ]) {
      const res = await gh.fetch('/_gatehouse/api/status', { headers: { authorization } })
      expect(res.status).toBe(401)
    }
  })

  it('the right token opens every read', async () => {
    const res = await admin(gh, 'GET', '/status')
    expect(res.status).toBe(200)
    expect(res.body.product).toBe('Gatehouse')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('an unknown admin path is a 404 in the admin error shape (after the token check)', async () => {
    const res = await admin(gh, 'GET', '/no-such-route')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: 'not_found', message: 'no such admin route' })
    expect((await gh.fetch('/_gatehouse/api/no-such-route')).status).toBe(401)
  })
})

describe('CORS is closed', () => {
  const foreign = ['http://evil.test', 'http://127.0.0.1:1', 'null', 'https://localhost']

  it('a request from a foreign origin is refused, even with the token, with no CORS headers', async () => {
    for (const origin of foreign) {
      const res = await admin(gh, 'GET', '/status', undefined, { origin })
      expect(res.status).toBe(403)
      expect(res.body.error).toBe('forbidden_origin')
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    }
  })

  it('a preflight from a foreign origin gets no CORS permission', async () => {
    for (const origin of foreign) {
      const res = await gh.fetch('/_gatehouse/api/workspace', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization, content-type',
        },
      })
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(res.headers.get('access-control-allow-methods')).toBeNull()
    }
  })

  it('the same origin (the browser UI) is accepted', async () => {
    const res = await admin(gh, 'POST', '/clock/freeze', undefined, { origin: gh.baseUrl })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    await admin(gh, 'POST', '/clock/unfreeze')
  })

  it('the desktop renderer origin gets its preflight and CORS headers, and still needs the token', async () => {
    const preflight = await gh.fetch('/_gatehouse/api/workspace', {
      method: 'OPTIONS',
      headers: { origin: 'app://gatehouse', 'access-control-request-method': 'PUT' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('app://gatehouse')
    const anonymous = await gh.fetch('/_gatehouse/api/status', {
      headers: { origin: 'app://gatehouse' },
    })
    expect(anonymous.status).toBe(401)
    const res = await admin(gh, 'GET', '/status', undefined, { origin: 'app://gatehouse' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('app://gatehouse')
  })
})
