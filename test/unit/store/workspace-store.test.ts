import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSalesforceId } from '../../../src/core/salesforce/ids'
import { openStore, type Store } from '../../../src/core/store'
import {
  demoWorkspace,
  parseWorkspace,
  parseWorkspaceJson,
  type Workspace,
} from '../../../src/core/workspace'
import { fullWorkspaceText, minimalWorkspace } from '../workspace/sample'
import { useTempDir } from './temp-dir'

const fullWorkspace = () => parseWorkspaceJson(fullWorkspaceText())

describe('workspace store', () => {
  let store: Store
  beforeEach(() => {
    store = openStore(':memory:')
  })
  afterEach(() => store.close())

  describe('load and export', () => {
    it.each([
      ['the demo workspace', demoWorkspace],
      ['the full fixture', fullWorkspace],
      ['a minimal workspace', () => parseWorkspace(minimalWorkspace())],
    ])('round-trip %s field for field', (_name, make) => {
      const ws = make()
      store.workspace.load(ws)
      expect(store.workspace.export()).toEqual(ws)
    })

    it('export → load → export gives identical JSON', () => {
      store.workspace.load(fullWorkspace())
      const first = JSON.stringify(store.workspace.export())
      store.workspace.load(JSON.parse(first) as Workspace)
      expect(JSON.stringify(store.workspace.export())).toBe(first)
    })

    it('keeps a complete workspace file as written, key order included', () => {
      const text = fullWorkspaceText()
      store.workspace.load(parseWorkspaceJson(text))
      expect(JSON.stringify(store.workspace.export())).toBe(JSON.stringify(JSON.parse(text)))
    })

    it('persists across reopening the file', () => {
      const file = join(tempDir(), 'gatehouse.db')
      const first = openStore(file)
      first.workspace.load(demoWorkspace())
      first.close()
      const second = openStore(file)
      try {
        expect(second.workspace.export()).toEqual(demoWorkspace())
      } finally {
        second.close()
      }
    })

    it('replaces, rather than merges with, the previous workspace', () => {
      store.workspace.load(demoWorkspace())
      const minimal = parseWorkspace(minimalWorkspace())
      store.workspace.load(minimal)
      expect(store.workspace.export()).toEqual(minimal)
      expect(store.workspace.counts()).toEqual({
        users: 1,
        apps: 1,
        profiles: 1,
        permissionSets: 1,
      })
    })

    it('refuses to export an empty store', () => {
      expect(store.workspace.isEmpty()).toBe(true)
      expect(() => store.workspace.export()).toThrow(/no workspace/)
    })
  })

  describe('atomic replacement', () => {
    it('an invalid workspace is refused before the store is touched', () => {
      store.workspace.load(demoWorkspace())
      const bad = { ...minimalWorkspace(), gatehouse: 2 }
      expect(() => store.workspace.load(parseWorkspace(bad))).toThrow(/gatehouse: expected 1/)
      expect(store.workspace.export()).toEqual(demoWorkspace())
    })

    it('a failure inside the transaction leaves the previous workspace intact', () => {
      store.workspace.load(demoWorkspace())
      // Bypass validation: two apps with one consumer key break the table's primary key.
      const broken = parseWorkspace(minimalWorkspace())
      broken.apps.push({ ...broken.apps[0]!, name: 'Second App' })
      expect(() => store.workspace.load(broken)).toThrow(
        /UNIQUE constraint failed: apps.consumer_key/,
      )
      expect(store.workspace.export()).toEqual(demoWorkspace())
    })

    it('a profile reference that slipped past validation is caught by a foreign key', () => {
      store.workspace.load(demoWorkspace())
      const broken = parseWorkspace(minimalWorkspace())
      broken.users[0]!.profile = 'Missing'
      expect(() => store.workspace.load(broken)).toThrow(/FOREIGN KEY constraint failed/)
      expect(store.workspace.export()).toEqual(demoWorkspace())
    })
  })

  it('reset empties the workspace', () => {
    store.workspace.load(demoWorkspace())
    store.workspace.reset()
    expect(store.workspace.isEmpty()).toBe(true)
    expect(store.workspace.org()).toBeUndefined()
    expect(store.workspace.counts()).toEqual({ users: 0, apps: 0, profiles: 0, permissionSets: 0 })
    expect(store.workspace.listSObjects()).toEqual([])
    expect(store.workspace.listFaults()).toEqual([])
    expect(store.workspace.simulation()).toEqual({ clientIp: null, clockOffsetSeconds: 0 })
  })

  describe('lookups', () => {
    beforeEach(() => store.workspace.load(demoWorkspace()))
    const demo = demoWorkspace()

    it('finds the org, users, apps, profiles and permission sets', () => {
      expect(store.workspace.isEmpty()).toBe(false)
      expect(store.workspace.org()).toEqual(demo.org)
      expect(store.workspace.counts()).toEqual({
        users: 6,
        apps: 3,
        profiles: 5,
        permissionSets: 3,
      })
      expect(store.workspace.listUsers()).toEqual(demo.users)
      expect(store.workspace.listApps()).toEqual(demo.apps)
      expect(store.workspace.listProfiles()).toEqual(demo.profiles)
      expect(store.workspace.permissionSets()).toEqual(demo.permissionSets)
      expect(store.workspace.profile('Restricted Staff')).toEqual(demo.profiles[2])
      expect(store.workspace.profile('Nobody')).toBeUndefined()
    })

    it('finds users by username without regard to case, and by id', () => {
      const sam = demo.users[1]!
      expect(store.workspace.findUserByUsername('SAM@Acme.Test')).toEqual(sam)
      expect(store.workspace.findUserById(sam.id)).toEqual(sam)
      expect(store.workspace.findUserByUsername('nobody@acme.test')).toBeUndefined()
      expect(store.workspace.findUserById('005000000000000AAA')).toBeUndefined()
    })

    it('finds apps by consumer key, exactly', () => {
      const app = demo.apps[2]!
      expect(store.workspace.findAppByConsumerKey(app.consumerKey)).toEqual(app)
      expect(store.workspace.findAppByConsumerKey(app.consumerKey.toLowerCase())).toBeUndefined()
    })

    it('reads and writes the simulation settings', () => {
      expect(store.workspace.simulation()).toEqual({ clientIp: null, clockOffsetSeconds: 0 })
      store.workspace.setSimulation({ clientIp: '203.0.113.9', clockOffsetSeconds: 7200 })
      expect(store.workspace.simulation()).toEqual({
        clientIp: '203.0.113.9',
        clockOffsetSeconds: 7200,
      })
      expect(store.workspace.export().simulation).toEqual({
        clientIp: '203.0.113.9',
        clockOffsetSeconds: 7200,
      })
    })
  })

  describe('records', () => {
    it('get generated ids with the object’s key prefix, which export leaves out', () => {
      store.workspace.load(demoWorkspace())
      const accounts = store.workspace.listRecords('Account')
      expect(accounts.map((record) => record.fields.Name)).toEqual(
        demoWorkspace().records.Account!.map((account) => account.Name),
      )
      for (const account of accounts) {
        expect(account.id.startsWith('001')).toBe(true)
        expect(isSalesforceId(account.id)).toBe(true)
        expect(account.fields).not.toHaveProperty('Id')
      }
      expect(store.workspace.listRecords('contact').every((c) => c.id.startsWith('003'))).toBe(true)
      expect(store.workspace.export().records).toEqual(demoWorkspace().records)
    })

    it('keep the ids the workspace gives, in 18-character form', () => {
      store.workspace.load(fullWorkspace())
      const [edge, burlington] = store.workspace.listRecords('Account')
      expect(edge!.id).toBe('001A0000006Vm9rIAC')
      expect(burlington!.id).not.toBe(edge!.id)
      expect(store.workspace.listRecords('Contact')[0]!.id).toBe('003A0000005QB3AIAW')
      expect(store.workspace.listRecords('Contact')[0]!.fields.Id).toBe('003A0000005QB3A')
    })

    it('list sObjects in workspace order with their key prefixes', () => {
      store.workspace.load(fullWorkspace())
      expect(store.workspace.listSObjects()).toEqual([
        { name: 'Account', keyPrefix: '001' },
        { name: 'Contact', keyPrefix: '003' },
        { name: 'Lead', keyPrefix: '00Q' },
        { name: 'My_Widget__c', keyPrefix: expect.stringMatching(/^a[0-9A-Za-z]{2}$/) },
      ])
      expect(store.workspace.listRecords('Lead')).toEqual([])
    })
  })

  const tempDir = useTempDir()
})
