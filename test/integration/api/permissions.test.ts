import jsforce, { type Connection } from 'jsforce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExchangeDetail, ExchangeSummary } from '../../../src/shared/admin-api'
import { demoWorkspace } from '../../../src/core/workspace/demo'
import { startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { admin } from '../admin/support'

/**
 * Object and field permissions through jsforce: the demo's sync@acme.test has the profile
 * "Minimum Access - API Only Integrations" (objectPermissions: {}, so access control is on)
 * and the permission set "Account Sync Access" (Read/Create/Edit on Account with
 * AnnualRevenue hidden and Industry read-only; Read on Contact). What it may not do fails the
 * way Salesforce fails it; granted through the admin API, the same calls succeed.
 */
let gh: RunningGatehouse
let conn: Connection
const orderSync = demoWorkspace().apps.find((app) => app.name === 'Order Sync')!

beforeAll(async () => {
  gh = await startGatehouse({ workspace: demoWorkspace() })
  conn = new jsforce.Connection({
    oauth2: {
      loginUrl: gh.baseUrl,
      clientId: orderSync.consumerKey,
      clientSecret: orderSync.consumerSecret,
    },
    version: '62.0',
  })
  await conn.login('sync@acme.test', 'Passw0rd!')
})
afterAll(() => gh.close())

/** The error a call ends with (a test failure when it succeeds). */
async function failure(call: PromiseLike<unknown>): Promise<Error> {
  try {
    await call
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to be refused')
}

/** The Why of the latest REST exchange: its named steps. */
async function lastWhy(): Promise<ExchangeDetail['steps']> {
  await gh.engine.recorder!.flush()
  const list = await admin(gh, 'GET', '/exchanges?endpoint=rest&limit=1')
  const [latest] = list.body.items as ExchangeSummary[]
  return ((await admin(gh, 'GET', `/exchanges/${latest!.id}`)).body as ExchangeDetail).steps
}

describe('object permissions', () => {
  it('answers INVALID_TYPE for a query on an object nothing grants Read on, and says why', async () => {
    const error = await failure(conn.query('SELECT Id, Name FROM Opportunity'))
    expect(error).toMatchObject({ name: 'INVALID_TYPE' })
    expect(error.message).toContain(
      "sObject type 'Opportunity' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.",
    )
    expect(error.message).toContain('ERROR at Row:1:Column:')
    const failed = (await lastWhy()).find((step) => step.outcome === 'failed')
    expect(failed).toMatchObject({ name: 'rest.object_access' })
    expect(failed!.detail).toBe(
      'nothing grants Read on Opportunity (profile Minimum Access - API Only Integrations, permission set Account Sync Access)',
    )
  })

  it('lists and describes only the objects the user may read', async () => {
    const global = await conn.describeGlobal()
    expect(global.sobjects.map((o: { name: string }) => o.name).sort()).toEqual([
      'Account',
      'Contact',
    ])
    await expect(conn.sobject('Opportunity').describe()).rejects.toMatchObject({
      name: 'NOT_FOUND',
    })
    await expect(conn.sobject('Opportunity').retrieve('006000000000001AAA')).rejects.toMatchObject({
      name: 'NOT_FOUND',
    })
  })

  it('refuses a change the object permissions do not allow', async () => {
    const [contact] = (await conn.query<{ Id: string }>('SELECT Id FROM Contact LIMIT 1')).records
    const error = await failure(
      conn.sobject('Contact').update({ Id: contact!.Id, LastName: 'Changed' }),
    )
    expect(error).toMatchObject({ name: 'INSUFFICIENT_ACCESS_OR_READONLY' })
    const failed = (await lastWhy()).find((step) => step.outcome === 'failed')
    expect(failed).toMatchObject({ name: 'rest.object_access' })
    expect(failed!.detail).toContain('nothing grants Edit on Contact')
    // Creating an Account is granted, by the permission set.
    const created = await conn.sobject('Account').create({ Name: 'Sync Test Ltd' })
    expect(created.success).toBe(true)
    const passed = (await lastWhy()).find((step) => step.name === 'rest.object_access')
    expect(passed).toMatchObject({
      outcome: 'passed',
      detail: 'permission set Account Sync Access grants Create on Account',
    })
  })
})

describe('field permissions', () => {
  it('refuses a hidden field in SELECT, and leaves it out of describe and records', async () => {
    const error = await failure(conn.query('SELECT Id, AnnualRevenue FROM Account'))
    expect(error).toMatchObject({ name: 'INVALID_FIELD' })
    expect(error.message).toContain("No such column 'AnnualRevenue' on entity 'Account'")
    const failed = (await lastWhy()).find((step) => step.outcome === 'failed')
    expect(failed).toMatchObject({ name: 'rest.field_access' })
    expect(failed!.detail).toContain('nothing grants Read on Account.AnnualRevenue')

    const describe = await conn.sobject('Account').describe()
    const names = describe.fields.map((f: { name: string }) => f.name)
    expect(names).toContain('Name')
    expect(names).not.toContain('AnnualRevenue')
    expect(describe.fields.find((f: { name: string }) => f.name === 'Industry')).toMatchObject({
      updateable: false,
      createable: false,
    })
    const [account] = (
      await conn.query<{ Id: string }>('SELECT Id, Name, Industry FROM Account LIMIT 1')
    ).records
    const record = await conn.sobject('Account').retrieve(account!.Id)
    expect(record).not.toHaveProperty('AnnualRevenue')
    expect(record).toHaveProperty('Industry')
  })

  it('refuses a write to a read-only field with INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
    const [account] = (await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1')).records
    const error = await failure(
      conn.sobject('Account').update({ Id: account!.Id, Industry: 'Energy' }),
    )
    expect(error).toMatchObject({ name: 'INVALID_FIELD_FOR_INSERT_UPDATE' })
    expect(error.message).toContain('Unable to create/update fields: Industry.')
    const ok = await conn.sobject('Account').update({ Id: account!.Id, Name: 'Renamed Co' })
    expect(ok.success).toBe(true)
  })
})

describe('granting through the admin API', () => {
  it('makes the same calls succeed once the permission set grants them', async () => {
    const set = (await admin(gh, 'GET', '/permission-sets/Account Sync Access')).body
    set.objectPermissions.Opportunity = { read: true }
    set.objectPermissions.Contact = { read: true, edit: true }
    set.fieldPermissions['Account.AnnualRevenue'] = { read: true }
    const put = await admin(gh, 'PUT', '/permission-sets/Account Sync Access', set)
    expect(put.status).toBe(200)

    const opportunities = await conn.query('SELECT Id, Name FROM Opportunity')
    expect(opportunities.done).toBe(true)
    const revenue = await conn.query('SELECT Id, AnnualRevenue FROM Account')
    expect(revenue.totalSize).toBeGreaterThan(0)
    const [contact] = (await conn.query<{ Id: string }>('SELECT Id FROM Contact LIMIT 1')).records
    const updated = await conn.sobject('Contact').update({ Id: contact!.Id, LastName: 'Changed' })
    expect(updated.success).toBe(true)
    expect((await conn.describeGlobal()).sobjects.map((o: { name: string }) => o.name)).toContain(
      'Opportunity',
    )
  })

  it('refuses an unknown permission flag, naming it', async () => {
    const res = await admin(gh, 'PUT', '/permission-sets/Account Sync Access', {
      name: 'Account Sync Access',
      objectPermissions: { Account: { raed: true } },
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('objectPermissions.Account.raed')
  })
})
