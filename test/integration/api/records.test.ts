import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatehouse } from '../../../src/core'
import type { RunningGatehouse } from '../../support/gatehouse'
import { accessToken, bearer, connection, createdId, startWithRecords, V } from './support'

describe('record CRUD', () => {
  let gh: RunningGatehouse
  let token: string
  let conn: ReturnType<typeof connection>
  beforeAll(async () => {
    ;({ gh, token, conn } = await startWithRecords())
  })
  afterAll(() => gh.close())

  const send = (method: string, path: string, body?: unknown) =>
    gh.fetch(V + path, {
      method,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('creates, retrieves, updates and deletes through jsforce', async () => {
    const created = await conn
      .sobject('Account')
      .create({ Name: 'Round Trip Ltd', Industry: 'Retail', NumberOfEmployees: 12 })
    expect(created).toEqual({
      id: expect.stringMatching(/^001[0-9A-Za-z]{15}$/),
      success: true,
      errors: [],
    })
    const id = created.id!

    const record = await conn.sobject('Account').retrieve(id)
    expect(record).toMatchObject({
      attributes: { type: 'Account', url: `${V}/sobjects/Account/${id}` },
      Id: id,
      Name: 'Round Trip Ltd',
      Industry: 'Retail',
      NumberOfEmployees: 12,
      IsDeleted: false,
      OwnerId: expect.stringMatching(/^005/),
      CreatedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
      Phone: null,
    })
    expect(record.CreatedById).toBe(record.OwnerId)

    gh.clock.advance(60_000)
    expect(
      await conn.sobject('Account').update({ Id: id, Name: 'Renamed Ltd', Industry: null }),
    ).toEqual({
      id: id,
      success: true,
      errors: [],
    })
    const updated = await conn.sobject('Account').retrieve(id)
    expect(updated).toMatchObject({ Name: 'Renamed Ltd', Industry: null, NumberOfEmployees: 12 })
    expect(updated.LastModifiedDate > record.LastModifiedDate).toBe(true)
    expect(updated.CreatedDate).toBe(record.CreatedDate)

    expect(await conn.sobject('Account').destroy(id)).toEqual({
      id: id,
      success: true,
      errors: [],
    })
    await expect(conn.sobject('Account').retrieve(id)).rejects.toMatchObject({
      name: 'ENTITY_IS_DELETED',
    })
    const again = await send('DELETE', `/sobjects/Account/${id}`)
    expect(again.status).toBe(404)
    expect(await again.json()).toEqual([
      { message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] },
    ])
    const all = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, {
      scanAll: true,
    })
    expect(all.records).toMatchObject([{ Id: id, IsDeleted: true }])
  })

  it('answers POST with 201 and PATCH / DELETE with 204 and no body', async () => {
    const post = await send('POST', '/sobjects/Contact', { LastName: 'Raw', Email: 'raw@x.test' })
    expect(post.status).toBe(201)
    const { id } = (await post.json()) as { id: string }
    const patch = await send('PATCH', `/sobjects/Contact/${id}`, { FirstName: 'Very' })
    expect(patch.status).toBe(204)
    expect(await patch.text()).toBe('')
    const got = await (
      await gh.fetch(`${V}/sobjects/Contact/${id}?fields=Name,email`, { headers: bearer(token) })
    ).json()
    expect(got).toEqual({
      attributes: { type: 'Contact', url: `${V}/sobjects/Contact/${id}` },
      Name: 'Very Raw',
      Email: 'raw@x.test',
    })
    expect((await send('DELETE', `/sobjects/Contact/${id}`)).status).toBe(204)
  })

  it('accepts 15- and 18-character ids, the 18-character suffix in any case', async () => {
    const id18 = '001000000000002AAA'
    for (const id of [id18, id18.slice(0, 15), id18.slice(0, 15) + 'aaa']) {
      const res = await gh.fetch(`${V}/sobjects/Account/${id}?fields=Name`, {
        headers: bearer(token),
      })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ Name: 'Burlington Textiles' })
    }
    const wrongSuffix = await gh.fetch(`${V}/sobjects/Account/001000000000002ZZZ`, {
      headers: bearer(token),
    })
    expect(wrongSuffix.status).toBe(404)
  })

  it('maintains the system fields and a Case number', async () => {
    const id = await createdId(conn.sobject('Case').create({ Subject: 'It broke' }))
    const record = await conn.sobject('Case').retrieve(id)
    expect(record).toMatchObject({
      CaseNumber: '00000001',
      Status: 'New',
      Priority: 'Medium',
      IsClosed: false,
    })
    const second = await createdId(
      conn.sobject('Case').create({ Subject: 'Again', Status: 'Closed' }),
    )
    expect(await conn.sobject('Case').retrieve(second)).toMatchObject({
      CaseNumber: '00000002',
      IsClosed: true,
    })
    const lead = await createdId(
      conn.sobject('Lead').create({ LastName: 'Prospect', Company: 'Co' }),
    )
    expect(await conn.sobject('Lead').retrieve(lead)).toMatchObject({
      Status: 'Open - Not Contacted',
      Name: 'Prospect',
    })
  })

  it.each([
    [
      'unknown object',
      'GET',
      '/sobjects/Nope/001000000000001AAA',
      undefined,
      404,
      [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }],
    ],
    [
      'unknown record',
      'GET',
      '/sobjects/Account/001000000000009AAA',
      undefined,
      404,
      [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }],
    ],
    [
      'text that is not an id',
      'GET',
      '/sobjects/Account/abc',
      undefined,
      404,
      [
        {
          message: 'Provided external ID field does not exist or is not accessible: abc',
          errorCode: 'NOT_FOUND',
        },
      ],
    ],
    [
      'missing required field',
      'POST',
      '/sobjects/Opportunity',
      { Name: 'Deal' },
      400,
      [
        {
          message: 'Required fields are missing: [StageName, CloseDate]',
          errorCode: 'REQUIRED_FIELD_MISSING',
          fields: ['StageName', 'CloseDate'],
        },
      ],
    ],
    [
      'clearing a required field',
      'PATCH',
      '/sobjects/Account/001000000000001AAA',
      { Name: null },
      400,
      [
        {
          message: 'Required fields are missing: [Name]',
          errorCode: 'REQUIRED_FIELD_MISSING',
          fields: ['Name'],
        },
      ],
    ],
    [
      'unknown field',
      'POST',
      '/sobjects/Account',
      { Name: 'X', Colour__c: 'red' },
      400,
      [
        {
          message: "No such column 'Colour__c' on sobject of type Account",
          errorCode: 'INVALID_FIELD',
        },
      ],
    ],
    [
      'read-only field',
      'POST',
      '/sobjects/Account',
      { Name: 'X', CreatedDate: '2020-01-01T00:00:00Z' },
      400,
      [
        {
          message:
            'Unable to create/update fields: CreatedDate. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
          errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          fields: ['CreatedDate'],
        },
      ],
    ],
    [
      'Id on insert',
      'POST',
      '/sobjects/Account',
      { Id: '001000000000001AAA', Name: 'X' },
      400,
      [
        {
          message: 'Record ID: cannot specify Id in an insert call',
          errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          fields: ['Id'],
        },
      ],
    ],
    [
      'text too long',
      'POST',
      '/sobjects/Account',
      { Name: 'x'.repeat(256) },
      400,
      [
        {
          message: `Account Name: data value too large: ${'x'.repeat(256)} (max length=255)`,
          errorCode: 'STRING_TOO_LONG',
          fields: ['Name'],
        },
      ],
    ],
    [
      'wrong value type',
      'POST',
      '/sobjects/Account',
      { Name: 'X', NumberOfEmployees: 'many' },
      400,
      [
        {
          message:
            'Cannot deserialize instance of int from VALUE_STRING value many or request may be missing a required field',
          errorCode: 'JSON_PARSER_ERROR',
        },
      ],
    ],
    [
      'malformed lookup',
      'POST',
      '/sobjects/Contact',
      { LastName: 'X', AccountId: 'nope' },
      400,
      [
        {
          message: 'Account ID: id value of incorrect type: nope',
          errorCode: 'MALFORMED_ID',
          fields: ['AccountId'],
        },
      ],
    ],
    [
      'lookup to the wrong object',
      'POST',
      '/sobjects/Contact',
      { LastName: 'X', AccountId: '003000000000001AAA' },
      400,
      [
        {
          message: 'Account ID: id value of incorrect type: 003000000000001AAA',
          errorCode: 'FIELD_INTEGRITY_EXCEPTION',
          fields: ['AccountId'],
        },
      ],
    ],
    [
      'lookup to nothing',
      'POST',
      '/sobjects/Contact',
      { LastName: 'X', AccountId: '001000000000009AAA' },
      400,
      [
        {
          message: 'invalid cross reference id',
          errorCode: 'INVALID_CROSS_REFERENCE_KEY',
          fields: [],
        },
      ],
    ],
    [
      'bad e-mail',
      'POST',
      '/sobjects/Contact',
      { LastName: 'X', Email: 'not-an-address' },
      400,
      [
        {
          message: 'Email: invalid email address: not-an-address',
          errorCode: 'INVALID_EMAIL_ADDRESS',
          fields: ['Email'],
        },
      ],
    ],
    [
      'a JSON array',
      'POST',
      '/sobjects/Account',
      [{ Name: 'X' }],
      400,
      [
        {
          message: 'Cannot deserialize instance of sObject from START_ARRAY value',
          errorCode: 'JSON_PARSER_ERROR',
        },
      ],
    ],
    [
      'creating a User',
      'POST',
      '/sobjects/User',
      { LastName: 'X' },
      400,
      [
        {
          message: 'entity type cannot be inserted: User',
          errorCode: 'INVALID_TYPE_FOR_OPERATION',
        },
      ],
    ],
    [
      'POST to a record',
      'POST',
      '/sobjects/Account/001000000000001AAA',
      {},
      405,
      [
        {
          message: "HTTP Method 'POST' not allowed. Allowed are HEAD,GET,PATCH,DELETE",
          errorCode: 'METHOD_NOT_ALLOWED',
        },
      ],
    ],
  ])('%s → Salesforce’s error body', async (_name, method, path, body, status, expected) => {
    const res = await send(method, path, body)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual(expected)
  })

  it('answers bad JSON with JSON_PARSER_ERROR', async () => {
    const res = await send('POST', '/sobjects/Account', '{"Name": ')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject([{ errorCode: 'JSON_PARSER_ERROR' }])
  })

  it('reports errors through jsforce by errorCode', async () => {
    await expect(conn.sobject('Opportunity').create({ Name: 'Deal' })).rejects.toMatchObject({
      name: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [StageName, CloseDate]',
    })
    await expect(conn.sobject('Account').retrieve('001000000000009AAA')).rejects.toMatchObject({
      name: 'NOT_FOUND',
    })
  })

  it('reads and writes objects only the workspace names, with fields from its data', async () => {
    const { gh: other, conn: c } = await startWithRecords({
      Invoice__c: [
        {
          Name: 'INV-1',
          Amount__c: 12.5,
          Paid__c: false,
          Due__c: '2025-01-31',
          Account__c: '001000000000001AAA',
        },
      ],
    })
    try {
      const describe = await c.sobject('Invoice__c').describe()
      const types = Object.fromEntries(describe.fields.map((f) => [f.name, f.type]))
      expect(types).toMatchObject({
        Id: 'id',
        Name: 'string',
        Amount__c: 'double',
        Paid__c: 'boolean',
        Due__c: 'date',
        Account__c: 'reference',
      })
      expect(describe.custom).toBe(true)
      const id = await createdId(
        c
          .sobject('Invoice__c')
          .create({ Name: 'INV-2', Amount__c: 99, Account__c: '001000000000002AAA' }),
      )
      expect(id.slice(0, 3)).toBe(describe.keyPrefix)
      const result = await c.query('SELECT Name, Account__r.Name FROM Invoice__c ORDER BY Name')
      expect(result.records.map((r) => [r.Name, (r.Account__r as { Name: string }).Name])).toEqual([
        ['INV-1', 'Edge Communications'],
        ['INV-2', 'Burlington Textiles'],
      ])
    } finally {
      await other.close()
    }
  })
})

describe('records are stored with the workspace', () => {
  it('exports records the API created or changed, and keeps them across a restart', async () => {
    const { gh, conn } = await startWithRecords()
    let cleanup = () => gh.close()
    try {
      const id = await createdId(conn.sobject('Account').create({ Name: 'Persisted Inc' }))
      await conn.sobject('Account').update({ Id: '001000000000001AAA', Phone: '555-0100' })
      const [first] = (await conn.query('SELECT Id FROM Contact ORDER BY LastName LIMIT 1')).records

      const exported = gh.engine.exportWorkspace()
      const accounts = exported.records.Account!
      expect(accounts.find((a) => a.Id === id)).toMatchObject({
        Name: 'Persisted Inc',
        OwnerId: expect.any(String),
        CreatedDate: expect.any(String),
      })
      expect(accounts.find((a) => a.Id === '001000000000001AAA')).toMatchObject({
        Name: 'Edge Communications',
        Phone: '555-0100',
      })

      // export → import → export is the identity, API-written records included.
      gh.engine.importWorkspace(JSON.parse(JSON.stringify(exported)))
      expect(gh.engine.exportWorkspace()).toEqual(exported)
      // Records the file gives without ids get the same ids again on every load.
      const reloaded = await conn.query('SELECT Id FROM Contact ORDER BY LastName LIMIT 1')
      expect(reloaded.records[0]!.Id).toBe(first!.Id)

      await gh.engine.close()
      cleanup = async () => rmSync(gh.dataDir, { recursive: true, force: true })
      const engine = await createGatehouse({ dataDir: gh.dataDir, clock: gh.clock, uiDir: null })
      try {
        const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
        const token = await accessToken(engine)
        const get = async (path: string) =>
          (await fetch(baseUrl + V + path, { headers: bearer(token) })).json()
        expect(await get(`/sobjects/Account/${id}?fields=Name`)).toMatchObject({
          Name: 'Persisted Inc',
        })
        expect(await get('/sobjects/Account/001000000000001AAA?fields=Phone')).toMatchObject({
          Phone: '555-0100',
        })
        // Records the workspace gave without ids keep the ids they were given at load.
        expect(await get(`/sobjects/Contact/${first!.Id}?fields=Id`)).toMatchObject({
          Id: first!.Id,
        })
      } finally {
        await engine.close()
      }
    } finally {
      await cleanup()
    }
  })
})
