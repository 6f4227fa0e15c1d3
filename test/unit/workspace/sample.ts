import { readFileSync } from 'node:fs'

// Tests write deliberately wrong values into workspaces, so the shape is left untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseWorkspace = Record<string, any>

/** The smallest useful workspace: one profile, one user, one app. Tests mutate copies. */
export function minimalWorkspace(): LooseWorkspace {
  return {
    gatehouse: 1,
    org: { name: 'Test Org' },
    profiles: [{ name: 'Standard User' }],
    permissionSets: [{ name: 'Reporting' }],
    users: [
      {
        username: 'ada@acme.test',
        password: 'Passw0rd!',
        lastName: 'Admin',
        email: 'ada@acme.test',
        profile: 'Standard User',
      },
    ],
    apps: [
      {
        kind: 'connectedApp',
        name: 'Order Sync',
        callbackUrls: ['http://localhost:3000/oauth/callback'],
        scopes: ['api'],
      },
    ],
  }
}

/** The maximal fixture: every field of the format, with non-default values where possible. */
export function fullWorkspaceText(): string {
  return readFileSync(new URL('../../fixtures/workspaces/full.json', import.meta.url), 'utf8')
}

/** Deterministic "random" bytes, so generated ids and keys can be compared across runs. */
export function seededRandom(seed = 1): (size: number) => Uint8Array {
  let state = seed
  return (size) =>
    Uint8Array.from({ length: size }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      return state >>> 24
    })
}
