import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { ORG_ID } from '../../support/workspace'
import { bearer, connection, startWithRecords, V } from './support'

describe('versions, resources and describe', () => {
  let gh: RunningGatehouse
  let token: string
  let conn: ReturnType<typeof connection>
  beforeAll(async () => {
    ;({ gh, token, conn } = await startWithRecords({ Gadget__c: [{ Name: 'G1', Weight__c: 2 }] }))
  })
  afterAll(() => gh.close())

  const get = async (path: string) => {
    const res = await gh.fetch(V + path, { headers: bearer(token) })
    expect(res.status).toBe(200)
    return res.json() as Promise<Record<string, unknown>>
  }

  it('lists API versions without authentication, oldest first, as Salesforce does', async () => {
    for (const path of ['/services/data', '/services/data/']) {
      const res = await gh.fetch(path)
      expect(res.status).toBe(200)
      const versions = (await res.json()) as Array<{ label: string; url: string; version: string }>
      expect(versions[0]).toEqual({
        label: "Summer '14",
        url: '/services/data/v31.0',
        version: '31.0',
      })
      expect(versions).toContainEqual({
        label: "Winter '25",
        url: '/services/data/v62.0',
        version: '62.0',
      })
      expect(versions.at(-1)).toEqual({
        label: "Spring '26",
        url: '/services/data/v66.0',
        version: '66.0',
      })
      expect(res.headers.get('sforce-limit-info')).toBeNull()
    }
  })

  it('lists the resources of a version, with the caller’s identity URL', async () => {
    const resources = await get('/')
    expect(resources).toEqual({
      limits: `${V}/limits`,
      sobjects: `${V}/sobjects`,
      query: `${V}/query`,
      queryAll: `${V}/queryAll`,
      identity: expect.stringMatching(
        new RegExp(`^${gh.baseUrl}/id/${ORG_ID}/005[0-9A-Za-z]{15}$`),
      ),
    })
  })

  it('describes every object globally: the standard ones and those the workspace names', async () => {
    const global = await conn.describeGlobal()
    const names = global.sobjects.map((s) => s.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'Account',
        'Contact',
        'Lead',
        'Opportunity',
        'Case',
        'User',
        'Organization',
        'Gadget__c',
      ]),
    )
    const account = global.sobjects.find((s) => s.name === 'Account')!
    expect(account).toMatchObject({
      keyPrefix: '001',
      label: 'Account',
      labelPlural: 'Accounts',
      createable: true,
      queryable: true,
      custom: false,
    })
    expect(account.urls).toMatchObject({
      sobject: `${V}/sobjects/Account`,
      describe: `${V}/sobjects/Account/describe`,
    })
    expect(global.sobjects.find((s) => s.name === 'User')).toMatchObject({
      keyPrefix: '005',
      createable: false,
    })
    expect(global.sobjects.find((s) => s.name === 'Gadget__c')).toMatchObject({
      custom: true,
      label: 'Gadget',
    })
  })

  it('gives basic information and recent items for one object', async () => {
    const info = (await get('/sobjects/Account')) as {
      objectDescribe: { name: string }
      recentItems: Array<Record<string, unknown>>
    }
    expect(info.objectDescribe.name).toBe('Account')
    expect(info.recentItems.length).toBeGreaterThan(0)
    expect(info.recentItems[0]).toEqual({
      attributes: expect.objectContaining({ type: 'Account' }),
      Id: expect.any(String),
      Name: expect.any(String),
    })
  })

  it('describes fields with name, label, type, length, nillable, createable, updateable and picklists', async () => {
    const describe = await conn.sobject('Account').describe()
    expect(describe).toMatchObject({
      name: 'Account',
      keyPrefix: '001',
      createable: true,
      updateable: true,
      deletable: true,
    })
    const field = (name: string) => describe.fields.find((f) => f.name === name)!
    expect(field('Id')).toMatchObject({
      type: 'id',
      length: 18,
      nillable: false,
      createable: false,
      updateable: false,
      idLookup: true,
    })
    expect(field('Name')).toMatchObject({
      label: 'Account Name',
      type: 'string',
      length: 255,
      nillable: false,
      createable: true,
      updateable: true,
      nameField: true,
      soapType: 'xsd:string',
    })
    expect(field('Industry')).toMatchObject({ type: 'picklist', nillable: true })
    expect(field('Industry').picklistValues).toContainEqual({
      active: true,
      defaultValue: false,
      label: 'Energy',
      validFor: null,
      value: 'Energy',
    })
    expect(field('OwnerId')).toMatchObject({
      type: 'reference',
      referenceTo: ['User'],
      relationshipName: 'Owner',
      defaultedOnCreate: true,
    })
    expect(field('CreatedDate')).toMatchObject({
      type: 'datetime',
      createable: false,
      updateable: false,
    })
    expect(field('AnnualRevenue')).toMatchObject({ type: 'currency', precision: 18, scale: 2 })
    expect(describe.childRelationships).toContainEqual(
      expect.objectContaining({
        childSObject: 'Contact',
        field: 'AccountId',
        relationshipName: 'Contacts',
      }),
    )
  })

  it('describes the other standard objects', async () => {
    const required = async (type: string) =>
      (await conn.sobject(type).describe()).fields
        .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate)
        .map((f) => f.name)
    expect(await required('Contact')).toEqual(['LastName'])
    expect(await required('Lead')).toEqual(['LastName', 'Company'])
    expect(await required('Opportunity')).toEqual(['Name', 'StageName', 'CloseDate'])
    expect(await required('Case')).toEqual([])
    const user = await conn.sobject('User').describe()
    expect(user.fields.every((f) => !f.createable && !f.updateable)).toBe(true)
    const organization = await conn.sobject('Organization').describe()
    expect(organization.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'Name',
        'InstanceName',
        'IsSandbox',
        'TrialExpirationDate',
        'NamespacePrefix',
        'OrganizationType',
      ]),
    )
  })

  it('answers NOT_FOUND for an object that does not exist', async () => {
    const res = await gh.fetch(`${V}/sobjects/Nothing__c/describe`, { headers: bearer(token) })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ])
    await expect(conn.sobject('Nothing__c').describe()).rejects.toMatchObject({ name: 'NOT_FOUND' })
  })
})
