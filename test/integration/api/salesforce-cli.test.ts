import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { ORG_ID, USERS } from '../../support/workspace'
import { bearer, connection, startWithRecords } from './support'

/**
 * What the Salesforce CLI does right after a login (reference §4.1): userinfo, the user's
 * record by id, a query on Organization, a query on ScratchOrgInfo (which fails on an org
 * that is not a Dev Hub), and the version list — here as the CLI's jsforce connection does them.
 */
describe('what the Salesforce CLI calls after login', () => {
  let gh: RunningGatehouse
  let token: string
  let conn: ReturnType<typeof connection>
  beforeAll(async () => {
    ;({ gh, token, conn } = await startWithRecords())
    // The CLI pins the API version it found; v51.0 is what its auth code asks for.
    conn.version = '51.0'
  })
  afterAll(() => gh.close())

  it('reads userinfo, then the user record by the id userinfo gave', async () => {
    const info = (await (
      await gh.fetch('/services/oauth2/userinfo', { headers: bearer(token) })
    ).json()) as {
      user_id: string
      organization_id: string
      preferred_username: string
    }
    expect(info).toMatchObject({ organization_id: ORG_ID, preferred_username: USERS.ada })
    const user = await conn.request<{ Username: string; Id: string }>(
      `/services/data/v51.0/sobjects/User/${info.user_id}`,
    )
    expect(user).toMatchObject({
      attributes: { type: 'User' },
      Id: info.user_id,
      Username: USERS.ada,
      IsActive: true,
    })
    const short = await conn
      .sobject('User')
      .retrieve(info.user_id.slice(0, 15), { fields: ['Username'] })
    expect(short).toMatchObject({ Username: USERS.ada })
  })

  it('queries the Organization', async () => {
    const result = await conn.query(
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
    )
    expect(result.totalSize).toBe(1)
    expect(result.records[0]).toEqual({
      attributes: {
        type: 'Organization',
        url: `/services/data/v51.0/sobjects/Organization/${ORG_ID}`,
      },
      Name: 'Acme Test',
      InstanceName: 'GH1',
      IsSandbox: false,
      TrialExpirationDate: null,
      NamespacePrefix: null,
      OrganizationType: 'Developer Edition',
    })
  })

  it('learns the org is not a Dev Hub: ScratchOrgInfo is not a known type', async () => {
    await expect(
      conn.query("SELECT Id FROM ScratchOrgInfo WHERE ScratchOrg = '00D000000000000'"),
    ).rejects.toMatchObject({
      name: 'INVALID_TYPE',
    })
  })

  it('lists the API versions', async () => {
    const versions = await conn.request<Array<{ version: string }>>('/services/data')
    expect(versions.map((v) => v.version)).toContain('51.0')
  })

  it('reads the identity through jsforce (resource map → identity URL)', async () => {
    const identity = await conn.identity()
    expect(identity).toMatchObject({
      organization_id: ORG_ID,
      username: USERS.ada,
      user_id: expect.stringMatching(/^005/),
    })
  })

  it('queries users and their profiles', async () => {
    const result = await conn.query(
      'SELECT Username, Profile.Name FROM User WHERE IsActive = true ORDER BY Username',
    )
    expect(result.records.map((r) => [r.Username, (r.Profile as { Name: string }).Name])).toEqual([
      [USERS.ada, 'System Administrator'],
      [USERS.integration, 'Integration User'],
      [USERS.sam, 'Standard User'],
    ])
  })
})
