import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { accessToken, bearer, connection, createdId, startWithRecords, V } from './support'

const MANY = 2345

describe('query endpoint', () => {
  let gh: RunningGatehouse
  let token: string
  let conn: ReturnType<typeof connection>
  beforeAll(async () => {
    const widgets = Array.from({ length: MANY }, (_, i) => ({
      Name: `W-${String(i).padStart(5, '0')}`,
      Size__c: i % 10,
    }))
    ;({ gh, token, conn } = await startWithRecords({ Widget__c: widgets }))
  })
  afterAll(() => gh.close())

  const get = (path: string, headers: Record<string, string> = {}) =>
    gh.fetch(V + path, { headers: { ...bearer(token), ...headers } })
  const q = (soql: string) => `/query?q=${encodeURIComponent(soql)}`

  it('pages with nextRecordsUrl, and jsforce autoFetch reads them all', async () => {
    const first = (await (await get(q('SELECT Name FROM Widget__c ORDER BY Name'))).json()) as {
      totalSize: number
      done: boolean
      nextRecordsUrl: string
      records: Array<{ Name: string }>
    }
    expect(first).toMatchObject({ totalSize: MANY, done: false })
    expect(first.records).toHaveLength(2000)
    expect(first.nextRecordsUrl).toMatch(new RegExp(`^${V}/query/01g[0-9A-Za-z]{15}-2000$`))
    expect(Object.keys(first)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records'])

    const result = await conn
      .query('SELECT Id, Name FROM Widget__c ORDER BY Name')
      .run({ autoFetch: true, maxFetch: 5000 })
    expect(result.totalSize).toBe(MANY)
    expect(result.records).toHaveLength(MANY)
    expect(result.records[0]!.Name).toBe('W-00000')
    expect(result.records[MANY - 1]!.Name).toBe(`W-${String(MANY - 1).padStart(5, '0')}`)
    expect(new Set(result.records.map((r) => r.Id)).size).toBe(MANY)
  })

  it('follows queryMore by hand', async () => {
    const first = await conn.query('SELECT Name FROM Widget__c WHERE Size__c < 9')
    expect(first.done).toBe(false)
    expect(first.records).toHaveLength(2000)
    const more = await conn.queryMore(first.nextRecordsUrl!)
    expect(more.done).toBe(true)
    expect(first.records.length + more.records.length).toBe(first.totalSize)
    expect(more.nextRecordsUrl).toBeUndefined()
  })

  it('honours Sforce-Query-Options batchSize', async () => {
    const res = await get(q('SELECT Name FROM Widget__c'), {
      'sforce-query-options': 'batchSize=500',
    })
    const page = (await res.json()) as { records: unknown[]; nextRecordsUrl: string }
    expect(page.records).toHaveLength(500)
    expect(page.nextRecordsUrl).toMatch(/-500$/)
    const next = (await (
      await gh.fetch(page.nextRecordsUrl, { headers: bearer(token) })
    ).json()) as { records: unknown[] }
    expect(next.records).toHaveLength(500)
  })

  it('answers INVALID_QUERY_LOCATOR for unknown, foreign and lapsed locators', async () => {
    const bad = await get('/query/01gxxxxxxxxxxxxxxx-2000')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual([
      { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' },
    ])

    const page = (await (await get(q('SELECT Name FROM Widget__c'))).json()) as {
      nextRecordsUrl: string
    }
    const sam = await accessToken(gh.engine, { username: 'sam@acme.test' })
    expect((await gh.fetch(page.nextRecordsUrl, { headers: bearer(sam) })).status).toBe(400)
    gh.clock.advance(16 * 60_000)
    const fresh = await accessToken(gh.engine)
    expect((await gh.fetch(page.nextRecordsUrl, { headers: bearer(fresh) })).status).toBe(400)
  })

  it('returns parent relationships nested, null when the lookup is empty', async () => {
    const result = await conn.query(
      'SELECT LastName, Account.Name, Account.Owner.Username FROM Contact ORDER BY LastName',
    )
    expect(result.records.map((r) => [r.LastName, r.Account])).toEqual([
      [
        'Forbes',
        {
          attributes: expect.objectContaining({ type: 'Account' }),
          Name: 'Edge Communications',
          Owner: {
            attributes: expect.objectContaining({ type: 'User' }),
            Username: 'ada@acme.test',
          },
        },
      ],
      ['Gonzalez', expect.objectContaining({ Name: 'Edge Communications' })],
      ['Loner', null],
      ['Rogers', expect.objectContaining({ Name: 'Burlington Textiles' })],
    ])
  })

  it('answers COUNT() in totalSize and COUNT(field) as an AggregateResult', async () => {
    const count = await conn.query('SELECT COUNT() FROM Widget__c WHERE Size__c = 3')
    expect(count).toMatchObject({ totalSize: 235, done: true, records: [] })
    const aggregate = await conn.query('SELECT COUNT(Id) total FROM Account')
    expect(aggregate.records).toEqual([{ attributes: { type: 'AggregateResult' }, total: 4 }])
  })

  it('writes field names as the org spells them and includes empty fields', async () => {
    const res = await conn.query(
      "select name, industry, rating from account where name = 'united oil & gas'",
    )
    expect(res.records).toEqual([
      {
        attributes: {
          type: 'Account',
          url: expect.stringMatching(new RegExp(`^${V}/sobjects/Account/001`)),
        },
        Name: 'United Oil & Gas',
        Industry: 'Energy',
        Rating: 'Hot',
      },
    ])
  })

  it('sees deleted records only through queryAll', async () => {
    const id = await createdId(conn.sobject('Widget__c').create({ Name: 'Doomed' }))
    await conn.sobject('Widget__c').destroy(id)
    const live = await conn.query("SELECT Id FROM Widget__c WHERE Name = 'Doomed'")
    expect(live.totalSize).toBe(0)
    const all = await get(
      `/queryAll?q=${encodeURIComponent("SELECT Id, IsDeleted FROM Widget__c WHERE Name = 'Doomed'")}`,
    )
    expect(await all.json()).toMatchObject({ totalSize: 1, records: [{ Id: id, IsDeleted: true }] })
  })

  it('sees writes at once: cached results are dropped when records change', async () => {
    const soql = "SELECT Name FROM Account WHERE Industry = 'Media' ORDER BY Name"
    expect((await conn.query(soql)).totalSize).toBe(0)
    const id = await createdId(
      conn.sobject('Account').create({ Name: 'Media Co', Industry: 'Media' }),
    )
    expect((await conn.query(soql)).records.map((r) => r.Name)).toEqual(['Media Co'])
    await conn.sobject('Account').update({ Id: id, Industry: 'Retail' })
    expect((await conn.query(soql)).totalSize).toBe(0)
  })

  it.each([
    [
      'SELECT Id FORM Account',
      'MALFORMED_QUERY',
      "\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'",
    ],
    [
      'SELECT Nme FROM Account',
      'INVALID_FIELD',
      "\nSELECT Nme FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nme' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    ],
    [
      'SELECT Id FROM Acount',
      'INVALID_TYPE',
      "\nSELECT Id FROM Acount\n               ^\nERROR at Row:1:Column:16\nsObject type 'Acount' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    ],
  ])('refuses %s as %s, as jsforce reports it', async (soql, code, message) => {
    const res = await get(q(soql))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual([{ message, errorCode: code }])
    await expect(conn.query(soql)).rejects.toMatchObject({ name: code, errorCode: code, message })
  })

  it('asks for a query when q is missing', async () => {
    const res = await get('/query')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual([
      { message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' },
    ])
  })

  // Last: it moves the clock four days, past the lifetime of this file's token.
  it('evaluates date literals on the virtual clock', async () => {
    const id = await createdId(
      conn.sobject('Lead').create({ LastName: 'Fresh', Company: 'New Co' }),
    )
    const soql = 'SELECT Id FROM Lead WHERE CreatedDate = LAST_N_DAYS:2'
    expect((await conn.query(soql)).records.map((r) => r.Id)).toEqual([id])
    gh.clock.advance(4 * 24 * 60 * 60_000)
    const later = connection(gh, await accessToken(gh.engine))
    expect((await later.query(soql)).totalSize).toBe(0)
    expect(
      (await later.query('SELECT Id FROM Lead WHERE CreatedDate = N_DAYS_AGO:4')).totalSize,
    ).toBe(1)
  })
})
