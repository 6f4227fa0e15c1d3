import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TRACE_DATABASE_FILE } from '../../../src/core/paths'
import { buildServer } from '../../../src/core/server'
import type { ExchangeSummary } from '../../../src/shared/admin-api'
import { form, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2, CC, PASSWORD, USERS } from '../../support/workspace'
import { admin } from '../admin/support'
import { basic, getExchange, listExchanges, startWithOptions, TOKEN } from './support'

/** What the recorder keeps of each exchange, and how the admin API lists and filters it. */
let gh: RunningGatehouse

const password = (key: string, secret: string, pass = PASSWORD) =>
  gh.fetch(TOKEN, {
    method: 'POST',
    body: form({
      grant_type: 'password',
      client_id: key,
      client_secret: secret,
      username: USERS.ada,
      password: pass,
    }),
  })

beforeAll(async () => {
  gh = await startWithOptions()
  // A known mix: two good logins, a bad one, a client credentials token, discovery.
  await password(C1.key, C1.secret)
  await password(C1.key, C1.secret, 'wrong')
  await gh.fetch(TOKEN, {
    method: 'POST',
    headers: { authorization: basic(CC.key, CC.secret) },
    body: form({ grant_type: 'client_credentials' }),
  })
  await gh.fetch('/.well-known/openid-configuration')
  await password(C1.key, C1.secret)
})
afterAll(() => gh.close())

describe('an exchange as recorded', () => {
  it('keeps the request, the response, the steps, who it was about and when', async () => {
    const [discovery] = await listExchanges(gh, 'endpoint=discovery')
    const [cc] = await listExchanges(gh, `app=${encodeURIComponent(CC.key)}`)
    const detail = await getExchange(gh, cc!.id)
    expect(detail).toMatchObject({
      method: 'POST',
      url: '/services/oauth2/token',
      endpoint: 'token',
      status: 200,
      outcome: 'ok',
      failedStep: null,
      appKey: CC.key,
      appName: 'Machine',
      username: USERS.integration,
      grantType: 'client_credentials',
      clientIp: '127.0.0.1',
      socketIp: '127.0.0.1',
      fault: null,
      faultDetail: null,
    })
    expect(detail.grantId).toEqual(expect.any(String))
    expect(detail.durationMs).toBeGreaterThan(0)
    expect(Date.parse(detail.startedAt)).toBeGreaterThan(0)
    expect(detail.request.headers.authorization).toBe(basic(CC.key, CC.secret))
    expect(detail.request.body).toMatchObject({
      text: 'grant_type=client_credentials',
      encoding: 'utf8',
      truncated: false,
      contentType: expect.stringContaining('application/x-www-form-urlencoded'),
    })
    expect(detail.response.headers['cache-control']).toBe('no-store')
    expect(JSON.parse(detail.response.body!.text)).toHaveProperty('access_token')
    expect(detail.steps.map((s) => s.name)).toEqual(
      expect.arrayContaining(['client.lookup', 'client.secret']),
    )
    expect(discovery!.id).toBeLessThan(cc!.id + 2)
  })

  it('a failure names the step that decided it and the Salesforce error', async () => {
    const [failed] = await listExchanges(gh, 'status=failed')
    expect(failed).toMatchObject({ status: 400, outcome: 'failed', username: USERS.ada })
    const detail = await getExchange(gh, failed!.id)
    const step = detail.steps.find((s) => s.outcome === 'failed')!
    expect(step.name).toBe(failed!.failedStep)
    expect(step.error).toMatchObject({ error: 'invalid_grant', status: 400 })
  })

  it('the admin API and the UI are not recorded', async () => {
    await admin(gh, 'GET', '/status')
    await gh.fetch('/_gatehouse/')
    const all = await listExchanges(gh, 'limit=500')
    expect(all.some((e) => e.url.startsWith('/_gatehouse'))).toBe(false)
  })
})

describe('GET /exchanges', () => {
  it('lists newest first and filters by app, user, status, endpoint, flow and text', async () => {
    const all = await listExchanges(gh)
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a))
    expect(all.length).toBe(5)

    const byName = await listExchanges(gh, `app=${encodeURIComponent(C1.name.toLowerCase())}`)
    expect(byName.length).toBe(3)
    expect((await listExchanges(gh, `app=${encodeURIComponent(C2.key)}`)).length).toBe(0)
    expect(
      (await listExchanges(gh, `user=${encodeURIComponent(USERS.ada.toUpperCase())}`)).length,
    ).toBe(3)
    expect((await listExchanges(gh, 'status=ok')).length).toBe(4)
    expect((await listExchanges(gh, 'status=failed')).length).toBe(1)
    expect((await listExchanges(gh, 'status=400')).length).toBe(1)
    expect((await listExchanges(gh, 'status=2xx')).length).toBe(4)
    expect((await listExchanges(gh, 'endpoint=token')).length).toBe(4)
    const [latest] = all
    const sameFlow = await listExchanges(gh, `flow=${latest!.flowId}`)
    expect(sameFlow.every((e) => e.flowId === latest!.flowId)).toBe(true)
    expect((await listExchanges(gh, 'text=openid-configuration')).map((e) => e.endpoint)).toEqual([
      'discovery',
    ])
    // Text search looks into bodies too (and treats % and _ literally).
    expect((await listExchanges(gh, 'text=grant_type%3Dclient_credentials')).length).toBe(1)
    expect((await listExchanges(gh, 'text=%25%25%25')).length).toBe(0)
  })

  it('pages with a cursor', async () => {
    const seen: ExchangeSummary[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res: { body: { items: ExchangeSummary[]; nextCursor: string | null } } = await admin(
        gh,
        'GET',
        `/exchanges?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      seen.push(...res.body.items)
      cursor = res.body.nextCursor
      pages += 1
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen.map((e) => e.id)).toEqual((await listExchanges(gh)).map((e) => e.id))
  })

  it('refuses bad filters, naming each', async () => {
    const cases: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=501', 'limit'],
      ['cursor=x', 'cursor'],
      ['status=bad', 'status'],
      ['endpoint=nowhere', 'endpoint'],
      ['flow=-1', 'flow'],
      ['text=', 'text'],
      ['colour=blue', 'colour'],
    ]
    for (const [query, path] of cases) {
      const res = await admin(gh, 'GET', `/exchanges?${query}`)
      expect({ query, status: res.status }).toEqual({ query, status: 400 })
      expect(res.body.error).toBe('invalid_request')
      expect(res.body.issues).toContainEqual(expect.objectContaining({ in: 'query', path }))
      expect(res.body.message).toContain(`query.${path}`)
    }
  })
})

describe('GET /exchanges/{id} and /flows/{id}', () => {
  it('unknown ids are 404, malformed ones 400 naming the parameter', async () => {
    for (const path of ['/exchanges/999999', '/flows/999999']) {
      const res = await admin(gh, 'GET', path)
      expect(res.status).toBe(404)
      expect(res.body.error).toBe('not_found')
    }
    for (const path of ['/exchanges/abc', '/flows/0', '/flows/1.5']) {
      const res = await admin(gh, 'GET', path)
      expect(res.status).toBe(400)
      expect(res.body.issues).toEqual([
        { in: 'params', path: 'id', message: 'expected a positive integer' },
      ])
    }
  })

  it('GET /flows refuses bad filters', async () => {
    for (const [query, path] of [
      ['status=done', 'status'],
      ['kind=magic', 'kind'],
      ['limit=9999', 'limit'],
    ]) {
      const res = await admin(gh, 'GET', `/flows?${query}`)
      expect(res.status).toBe(400)
      expect(res.body.issues).toContainEqual(expect.objectContaining({ in: 'query', path }))
    }
  })
})

describe('the recorder', () => {
  it('stores the fault and the client IP an exchange was judged by', async () => {
    // A second server over the same engine, where a hook plays the (later) fault engine.
    const server = await buildServer(gh.engine, {
      host: '127.0.0.1',
      logger: false,
      uiDir: null,
      allowedHosts: [],
    })
    server.setPort(80)
    server.app.addHook('preHandler', async (request) => {
      request.gatehouse.clientIp = '203.0.113.7'
      request.gatehouse.fault = { name: 'slow token endpoint', latencyMs: 2000 }
    })
    await server.app.inject({ method: 'GET', url: '/id/keys', headers: { host: '127.0.0.1:80' } })
    await server.app.close()
    const [last] = await listExchanges(gh, 'limit=1')
    expect(last).toMatchObject({
      endpoint: 'jwks',
      clientIp: '203.0.113.7',
      fault: 'slow token endpoint',
    })
    const detail = await getExchange(gh, last!.id)
    expect(detail.faultDetail).toEqual({ name: 'slow token endpoint', latencyMs: 2000 })
    expect(detail.socketIp).toBe('127.0.0.1')
  })

  it('GET /trace answers counts and limits; DELETE /exchanges clears everything', async () => {
    const stats = await admin(gh, 'GET', '/trace')
    expect(stats.body).toMatchObject({ enabled: true, maxExchanges: 10_000, maxBodyBytes: 65_536 })
    expect(stats.body.exchanges).toBeGreaterThan(0)
    expect(stats.body.flows).toBeGreaterThan(0)
    const cleared = await admin(gh, 'DELETE', '/exchanges')
    expect(cleared.status).toBe(204)
    expect(await listExchanges(gh)).toEqual([])
    expect((await admin(gh, 'GET', '/flows')).body.items).toEqual([])
    expect((await admin(gh, 'GET', '/trace')).body).toMatchObject({
      exchanges: 0,
      flows: 0,
      bytes: 0,
    })
    // Recording goes on, with ids that keep counting up.
    await gh.fetch('/id/keys')
    const [next] = await listExchanges(gh)
    expect(next!.id).toBeGreaterThan(5)
  })
})

describe('limits', () => {
  it('cuts bodies at maxBodyBytes and says so', async () => {
    const small = await startWithOptions({ recorder: { maxBodyBytes: 64 } })
    try {
      await small.fetch(TOKEN, {
        method: 'POST',
        body: form({
          grant_type: 'password',
          client_id: C1.key,
          client_secret: C1.secret,
          username: USERS.ada,
          password: PASSWORD,
        }),
      })
      const [token] = await listExchanges(small)
      const detail = await getExchange(small, token!.id)
      const body = detail.response.body!
      expect(body.truncated).toBe(true)
      expect(body.capBytes).toBe(64)
      expect(Buffer.byteLength(body.text)).toBeLessThanOrEqual(64)
      expect(body.bytes).toBe(Number(detail.response.headers['content-length']))
      expect(detail.request.body!.truncated).toBe(true)
    } finally {
      await small.close()
    }
  })

  it('prunes the oldest exchanges beyond maxExchanges, and flows left without exchanges', async () => {
    const few = await startWithOptions({ recorder: { maxExchanges: 10 } })
    try {
      for (let i = 0; i < 30; i++) {
        await few.fetch(TOKEN, {
          method: 'POST',
          headers: { authorization: basic(CC.key, CC.secret) },
          body: form({ grant_type: 'client_credentials' }),
        })
      }
      const kept = await listExchanges(few, 'limit=100')
      expect(kept.length).toBeLessThanOrEqual(10)
      expect(kept.length).toBeGreaterThanOrEqual(9)
      expect(kept[0]!.id).toBe(30)
      const flows = (await admin(few, 'GET', '/flows?limit=100')).body.items
      expect(flows.length).toBe(kept.length)
      const stats = (await admin(few, 'GET', '/trace')).body
      expect(stats.exchanges).toBe(kept.length)
    } finally {
      await few.close()
    }
  })

  it('prunes by size', async () => {
    const tiny = await startWithOptions({ recorder: { maxBytes: 20_000 } })
    try {
      for (let i = 0; i < 40; i++) await tiny.fetch('/.well-known/openid-configuration')
      const stats = (await admin(tiny, 'GET', '/trace')).body
      expect(stats.bytes).toBeLessThanOrEqual(20_000)
      expect(stats.exchanges).toBeLessThan(40)
      const kept = await listExchanges(tiny, 'limit=100')
      expect(kept[0]!.id).toBe(40)
    } finally {
      await tiny.close()
    }
  })

  it('with recording off, the trace routes answer 503 and nothing is written', async () => {
    const off = await startWithOptions({ recorder: false })
    try {
      await off.fetch('/id/keys')
      const res = await admin(off, 'GET', '/exchanges')
      expect(res.status).toBe(503)
      expect(res.body.error).toBe('recorder_disabled')
      expect((await admin(off, 'GET', '/trace')).body.enabled).toBe(false)
      expect(existsSync(join(off.engine.dataDir, TRACE_DATABASE_FILE))).toBe(false)
    } finally {
      await off.close()
    }
  })
})
