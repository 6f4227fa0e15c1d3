import { describe, expect, it } from 'vitest'
import { ObjectAccess, type ObjectRight } from '../../../src/core/api/access/permissions'
import type { WorkspacePermissionSet, WorkspaceProfile } from '../../../src/core/workspace'

// Decision tables for object and field permissions: the union of a profile and its user's
// permission sets, the dependencies between flags, and fields no one names.

const profile = (extra: Partial<WorkspaceProfile> = {}): WorkspaceProfile => ({
  name: 'Integration',
  apiEnabled: true,
  loginIpRanges: [],
  ...extra,
})
const set = (
  name: string,
  extra: Partial<WorkspacePermissionSet> = {},
): WorkspacePermissionSet => ({
  name,
  ...extra,
})

const RIGHTS: ObjectRight[] = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll']
const allowedRights = (access: ObjectAccess, object: string) =>
  RIGHTS.filter((right) => access.object(object, right).allowed)

describe('object permissions', () => {
  it('are all allowed while the profile has no objectPermissions (workspaces from before)', () => {
    const access = new ObjectAccess(profile(), [set('Any', { objectPermissions: {} })])
    expect(access.restricted).toBe(false)
    expect(allowedRights(access, 'Opportunity')).toEqual(RIGHTS)
    expect(access.field('Account', 'AnnualRevenue', 'edit').allowed).toBe(true)
  })

  it('are none with objectPermissions {} and no permission set', () => {
    const access = new ObjectAccess(profile({ objectPermissions: {} }), [])
    expect(access.restricted).toBe(true)
    expect(allowedRights(access, 'Account')).toEqual([])
    expect(access.object('Account', 'read').because).toBe(
      'nothing grants Read on Account (profile Integration)',
    )
  })

  it.each([
    [{ read: true }, ['read']],
    [{ create: true }, ['read', 'create']],
    [{ edit: true }, ['read', 'edit']],
    [{ delete: true }, ['read', 'edit', 'delete']],
    [{ viewAll: true }, ['read', 'viewAll']],
    [{ modifyAll: true }, ['read', 'edit', 'delete', 'viewAll', 'modifyAll']],
    [{ read: false, edit: false }, []],
  ])('a flag grants what it depends on: %j → %j', (flags, expected) => {
    const access = new ObjectAccess(profile({ objectPermissions: { Account: flags } }), [])
    expect(allowedRights(access, 'Account')).toEqual(expected)
  })

  it.each([
    // profile, permission set A, permission set B → rights on Account
    [{}, {}, {}, []],
    [{ read: true }, {}, {}, ['read']],
    [{}, { read: true }, {}, ['read']],
    [{ read: true }, { create: true }, {}, ['read', 'create']],
    [{}, { edit: true }, { delete: true }, ['read', 'edit', 'delete']],
    [{ read: false }, { read: true }, {}, ['read']],
  ])('are the union of profile %j and permission sets %j, %j → %j', (p, a, b, expected) => {
    type Flags = Partial<Record<ObjectRight, boolean>>
    const entry = (flags: Flags): Record<string, Flags> =>
      Object.keys(flags).length ? { Account: flags } : {}
    const access = new ObjectAccess(profile({ objectPermissions: entry(p) }), [
      set('A', { objectPermissions: entry(a) }),
      set('B', { objectPermissions: entry(b) }),
    ])
    expect(allowedRights(access, 'Account')).toEqual(expected)
  })

  it('name every source that grants, and match object names without regard to case', () => {
    const access = new ObjectAccess(profile({ objectPermissions: { account: { read: true } } }), [
      set('Sales', { objectPermissions: { Account: { edit: true } } }),
    ])
    expect(access.object('Account', 'read').because).toBe(
      'profile Integration and permission set Sales grant Read on Account',
    )
  })
})

describe('field permissions', () => {
  const base = {
    objectPermissions: { Account: { read: true, edit: true }, Contact: { read: true } },
  }

  it('follow the object when no one names the field', () => {
    const access = new ObjectAccess(profile(base), [])
    expect(access.field('Account', 'Name', 'edit').allowed).toBe(true)
    expect(access.field('Contact', 'LastName', 'read').allowed).toBe(true)
    expect(access.field('Contact', 'LastName', 'edit').allowed).toBe(false)
    expect(access.field('Opportunity', 'Name', 'read').allowed).toBe(false)
  })

  it.each([
    // profile entry, permission set entry → [read, edit]
    [{ read: false }, undefined, [false, false]],
    [{ read: true }, undefined, [true, false]],
    [{ edit: true }, undefined, [true, true]],
    [{ read: false }, { read: true }, [true, false]],
    [undefined, { read: false }, [false, false]],
    [{ read: true }, { edit: true }, [true, true]],
  ])('are the union of the entries that name the field: %j, %j → %j', (p, s, [read, edit]) => {
    const access = new ObjectAccess(
      profile({ ...base, ...(p ? { fieldPermissions: { 'Account.AnnualRevenue': p } } : {}) }),
      [set('S', s ? { fieldPermissions: { 'Account.AnnualRevenue': s } } : {})],
    )
    expect(access.field('Account', 'AnnualRevenue', 'read').allowed).toBe(read)
    expect(access.field('Account', 'AnnualRevenue', 'edit').allowed).toBe(edit)
  })

  it('never allow more than the object does', () => {
    const access = new ObjectAccess(
      profile({
        objectPermissions: {},
        fieldPermissions: { 'Account.Name': { read: true, edit: true } },
      }),
      [],
    )
    expect(access.field('Account', 'Name', 'read')).toEqual({
      allowed: false,
      because: 'nothing grants Read on Account (profile Integration)',
    })
  })
})
