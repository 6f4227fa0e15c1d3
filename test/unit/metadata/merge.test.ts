import { describe, expect, it } from 'vitest'
import { importMetadata, MetadataError } from '../../../src/core/metadata'
import { CA_PATH, CONNECTED_APP, ECA_PATHS, ecaFiles, workspaceWithOrderSync } from './samples'

describe('merging metadata into a workspace', () => {
  it('updates the app with the same name in place, keeping its secret and what metadata cannot say', () => {
    const ws = workspaceWithOrderSync()
    ws.apps[0]!.policies.blocked = true
    ws.apps[0]!.usernamePassword = { enabled: true }
    const { workspace, report } = importMetadata(ws, { [CA_PATH]: CONNECTED_APP })
    expect(workspace.apps).toHaveLength(1)
    const updated = workspace.apps[0]!
    expect(updated.consumerKey).toBe('3MVG9AcmeOrderSyncKey0001')
    expect(updated.consumerSecret).toBe(ws.apps[0]!.consumerSecret)
    expect(updated.policies.blocked).toBe(true)
    expect(updated.usernamePassword.enabled).toBe(true)
    expect(report.apps[0]).toMatchObject({
      action: 'updated',
      matchedBy: 'name',
      secretGenerated: false,
    })
    const changed = Object.fromEntries(report.apps[0]!.changes.map((c) => [c.field, c]))
    expect(changed['consumerKey']).toEqual({
      field: 'consumerKey',
      from: ws.apps[0]!.consumerKey,
      to: '3MVG9AcmeOrderSyncKey0001',
    })
    expect(changed['policies.ipRelaxation']).toMatchObject({
      from: 'enforce',
      to: 'enforceRelaxRefresh',
    })
    expect(changed['scopes']).toMatchObject({
      from: ['api'],
      to: ['api', 'openid', 'refresh_token'],
    })
  })

  it('matches by consumer key before name, so a renamed app is updated, not duplicated', () => {
    const ws = workspaceWithOrderSync()
    ws.apps[0]!.consumerKey = '3MVG9AcmeOrderSyncKey0001'
    ws.apps[0]!.name = 'Old Name'
    const { workspace, report } = importMetadata(ws, { [CA_PATH]: CONNECTED_APP })
    expect(workspace.apps.map((a) => a.name)).toEqual(['Order Sync'])
    expect(report.apps[0]).toMatchObject({ matchedBy: 'consumerKey' })
  })

  it('importing the same project twice changes nothing the second time', () => {
    const first = importMetadata(workspaceWithOrderSync(), {
      [CA_PATH]: CONNECTED_APP,
      ...ecaFiles(),
    })
    const second = importMetadata(first.workspace, { [CA_PATH]: CONNECTED_APP, ...ecaFiles() })
    expect(second.workspace).toEqual(first.workspace)
    expect(second.report.apps.map((a) => a.action)).toEqual(['unchanged', 'unchanged'])
    expect(second.report.missingProfiles).toEqual([])
  })

  it('can leave missing profiles and permission sets out instead of creating them', () => {
    const ws = workspaceWithOrderSync()
    const { workspace, report } = importMetadata(
      ws,
      { [CA_PATH]: CONNECTED_APP },
      { createMissing: false },
    )
    expect(report).toMatchObject({
      createMissing: false,
      missingProfiles: ['System Administrator'],
      missingPermissionSets: ['Integration_Access'],
    })
    expect(workspace.profiles).toEqual(ws.profiles)
    expect(workspace.apps[0]!.policies.profiles).toEqual([])
  })

  it('keeps client credentials off when the run-as user is not in the workspace', () => {
    const xml = CONNECTED_APP.replace('ada@acme.test', 'robot@acme.test')
    const { workspace, report } = importMetadata(workspaceWithOrderSync(), { [CA_PATH]: xml })
    expect(workspace.apps[0]!.clientCredentials).toEqual({ enabled: false, runAs: null })
    expect(report.missingUsers).toEqual(['robot@acme.test'])
    expect(report.files[0]!.notes.join(' ')).toMatch(
      /run-as user robot@acme\.test is not in the workspace/,
    )
  })

  it('refuses an app that would change kind, naming the file', () => {
    const files = ecaFiles()
    files[ECA_PATHS.header] = files[ECA_PATHS.header]!.replace('Billing Bridge', 'Order Sync')
    expect(() => importMetadata(workspaceWithOrderSync(), files)).toThrow(MetadataError)
    expect(() => importMetadata(workspaceWithOrderSync(), files)).toThrow(
      /Billing_Bridge\.eca-meta\.xml.*already has a connected app named "Order Sync"/,
    )
  })

  it('refuses two apps with the same label in one project', () => {
    const files = ecaFiles()
    files[ECA_PATHS.header] = files[ECA_PATHS.header]!.replace('Billing Bridge', 'order sync')
    expect(() =>
      importMetadata(workspaceWithOrderSync(), { [CA_PATH]: CONNECTED_APP, ...files }),
    ).toThrow(/"order sync" is also the label of .*Order_Sync\.connectedApp-meta\.xml/)
  })

  it('ignores files that are not app metadata, counting them', () => {
    const { report } = importMetadata(workspaceWithOrderSync(), {
      'force-app/main/default/classes/Foo.cls-meta.xml': '<ApexClass/>',
      'README.md': '# hi',
    })
    expect(report.ignoredFiles).toBe(2)
    expect(report.apps).toEqual([])
  })
})
