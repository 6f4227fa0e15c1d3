import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createGatehouse } from '../../../src/core'
import { dailyApiAllocation } from '../../../src/core/policy/api-limits'
import { parseWorkspace } from '../../../src/core/workspace'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, C2 } from '../../support/workspace'
import { accessToken, bearer, connection, V, workspaceWithRecords } from './support'

const DAY = 24 * 60 * 60 * 1000
const LIMIT_EXCEEDED = [
  { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
]

describe('daily API limit', () => {
  let gh: RunningGatehouse | null = null
  afterEach(async () => {
    await gh?.close()
    gh = null
  })

  async function start(dailyApiRequests?: number) {
    const ws = workspaceWithRecords()
    if (dailyApiRequests !== undefined) ws.org.dailyApiRequests = dailyApiRequests
    gh = await startGatehouse({ workspace: ws })
    return gh
  }

  it('puts Sforce-Limit-Info on every authenticated answer, errors included', async () => {
    const gh = await start()
    const token = await accessToken(gh.engine)
    const paths = [
      '/limits',
      '/sobjects/Account/describe',
      '/sobjects/Nope',
      '/query?q=SELECT+Nme+FROM+Account',
    ]
    const seen = []
    for (const path of paths) {
      const res = await gh.fetch(V + path, { headers: bearer(token) })
      seen.push([res.status, res.headers.get('sforce-limit-info')])
    }
    expect(seen).toEqual([
      [200, 'api-usage=1/15000'],
      [200, 'api-usage=2/15000'],
      [404, 'api-usage=3/15000'],
      [400, 'api-usage=4/15000'],
    ])
  })

  it('fills jsforce’s conn.limitInfo after a call', async () => {
    const gh = await start()
    const conn = connection(gh, await accessToken(gh.engine))
    await conn.query('SELECT Id FROM Account')
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 15000 } })
    await conn.sobject('Account').describe()
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 2, limit: 15000 } })
  })

  it('reports usage in /limits: DailyApiRequests with one entry per app, and the other common keys', async () => {
    const gh = await start()
    const c1 = connection(gh, await accessToken(gh.engine, { app: C1.key }))
    const c2 = connection(gh, await accessToken(gh.engine, { app: C2.key }))
    await c1.query('SELECT Id FROM Account')
    await c1.query('SELECT Id FROM Contact')
    await c2.query('SELECT Id FROM Account')
    const limits = (await c1.limits()) as unknown as Record<string, Record<string, unknown>>
    // The /limits call itself is the fourth request.
    expect(limits.DailyApiRequests).toMatchObject({
      Max: 15000,
      Remaining: 14996,
      [C1.name]: { Max: 15000, Remaining: 14997 },
      [C2.name]: { Max: 15000, Remaining: 14999 },
    })
    for (const key of [
      'DailyBulkApiBatches',
      'DailyAsyncApexExecutions',
      'DataStorageMB',
      'FileStorageMB',
      'SingleEmail',
      'HourlyODataCallout',
    ]) {
      expect(limits[key]).toEqual({ Max: expect.any(Number), Remaining: expect.any(Number) })
    }
    expect(limits.DataStorageMB).toEqual({ Max: 5, Remaining: 4 })
  })

  it('answers 403 REQUEST_LIMIT_EXCEEDED once the allocation is used, until the window rolls on', async () => {
    const gh = await start(3)
    const token = await accessToken(gh.engine)
    for (let i = 1; i <= 3; i++) {
      const res = await gh.fetch(`${V}/limits`, { headers: bearer(token) })
      expect(res.status).toBe(200)
      expect(res.headers.get('sforce-limit-info')).toBe(`api-usage=${i}/3`)
    }
    const refused = await gh.fetch(`${V}/sobjects`, { headers: bearer(token) })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual(LIMIT_EXCEEDED)
    expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=3/3')
    await expect(connection(gh, token).query('SELECT Id FROM Account')).rejects.toMatchObject({
      name: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    })

    // Still refused a minute short of 24 hours after the first request (with a new token:
    // the first has expired by then) …
    gh.clock.advance(DAY - 2 * 60_000)
    const later = await accessToken(gh.engine)
    expect((await gh.fetch(`${V}/limits`, { headers: bearer(later) })).status).toBe(403)
    // … and answered once those requests have left the rolling window.
    gh.clock.advance(2 * 60_000)
    const fresh = await accessToken(gh.engine)
    const res = await gh.fetch(`${V}/limits`, { headers: bearer(fresh) })
    expect(res.status).toBe(200)
    expect(res.headers.get('sforce-limit-info')).toBe('api-usage=1/3')
  })

  it('keeps the counts across a restart', async () => {
    const first = await start()
    const token = await accessToken(first.engine)
    for (let i = 0; i < 5; i++) await first.fetch(`${V}/limits`, { headers: bearer(token) })
    // Stop the engine but keep its data folder (gh.close would delete it).
    await first.engine.close()
    const engine = await createGatehouse({
      dataDir: first.dataDir,
      clock: first.clock,
      uiDir: null,
    })
    try {
      const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
      const again = await accessToken(engine)
      const res = await fetch(`${baseUrl}${V}/limits`, { headers: bearer(again) })
      expect(res.headers.get('sforce-limit-info')).toBe('api-usage=6/15000')
    } finally {
      await engine.close()
      rmSync(first.dataDir, { recursive: true, force: true })
      gh = null
    }
  })
})

describe('daily API allocation by edition', () => {
  const org = (edition: string, dailyApiRequests?: number) =>
    parseWorkspace({ gatehouse: 1, org: { name: 'X', edition, dailyApiRequests } }).org

  it('follows Salesforce’s allocations, one licence per active user', () => {
    expect(dailyApiAllocation(org('Developer'), 10).max).toBe(15_000)
    expect(dailyApiAllocation(org('Enterprise'), 10).max).toBe(110_000)
    expect(dailyApiAllocation(org('Professional'), 3).max).toBe(103_000)
    expect(dailyApiAllocation(org('Unlimited'), 10).max).toBe(150_000)
    expect(dailyApiAllocation(org('Performance'), 2).max).toBe(110_000)
    expect(dailyApiAllocation(org('Enterprise', 42), 10)).toEqual({
      max: 42,
      explanation: 'org.dailyApiRequests = 42',
    })
  })
})
