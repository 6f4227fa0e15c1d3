import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../../src/core/store'
import { GrantUsageStore } from '../../../src/core/store/grant-usage-store'
import { OAuthStore } from '../../../src/core/store/oauth-store'
import { PolicyStore } from '../../../src/core/store/policy-store'
import { useTempDir } from './temp-dir'

const NOW = Date.UTC(2026, 11, 5, 12)
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
const HOUR = 3_600_000

describe('access-token lookups remembered by the OAuth store', () => {
  const tempDir = useTempDir()
  const opened: Array<{ close(): void }> = []
  afterEach(() => {
    while (opened.length) opened.pop()!.close()
  })

  function setup() {
    const file = join(tempDir(), 'gatehouse.db')
    const store: Store = openStore(file)
    opened.push(store)
    const oauth = new OAuthStore(store.db)
    return { file, store, oauth }
  }

  function issue(oauth: OAuthStore, grantId: string, tokenHash: string, expiresAt = NOW + HOUR) {
    oauth.createGrant({
      id: grantId,
      app_key: 'app-key',
      user_id: '005000000000001AAA',
      scopes: 'api',
      flow: 'client_credentials',
      created_at: NOW,
    })
    oauth.insertAccessToken({
      token_hash: tokenHash,
      grant_id: grantId,
      app_key: 'app-key',
      user_id: '005000000000001AAA',
      scopes: 'api',
      format: 'opaque',
      created_at: NOW,
      expires_at: expiresAt,
    })
  }

  it('answers a repeated lookup without reading the row again, and with the same values', () => {
    const { oauth } = setup()
    issue(oauth, 'g1', 'h1')
    const first = oauth.findAccessTokenWithGrant('h1')
    // A read from SQLite builds a new object: the same object means the row was remembered.
    const second = oauth.findAccessTokenWithGrant('h1')
    expect(second).toBe(first)
    expect(second).toMatchObject({ grant_id: 'g1', revoked_at: null, grant_revoked_at: null })
    expect(Object.isFrozen(second)).toBe(true)
  })

  it('sees a token revoked through the same connection', () => {
    const { oauth } = setup()
    issue(oauth, 'g1', 'h1')
    expect(oauth.findAccessTokenWithGrant('h1')?.revoked_at).toBeNull()
    oauth.revokeAccessToken('h1', NOW + 1)
    expect(oauth.findAccessTokenWithGrant('h1')?.revoked_at).toBe(NOW + 1)
  })

  it("sees its grant revoked, by another store on the same connection (the usage view's revoke)", () => {
    const { store, oauth } = setup()
    issue(oauth, 'g1', 'h1')
    expect(oauth.findAccessTokenWithGrant('h1')?.grant_revoked_at).toBeNull()
    new GrantUsageStore(store.db).revoke('app-key', '005000000000001AAA', NOW + 2, 'by a test')
    const after = oauth.findAccessTokenWithGrant('h1')
    expect(after?.grant_revoked_at).toBe(NOW + 2)
    expect(after?.grant_revoke_reason).toBe('by a test')
  })

  it('sees an expiry moved by the policy engine (a session timeout fault)', () => {
    const { store, oauth } = setup()
    issue(oauth, 'g1', 'h1')
    expect(oauth.findAccessTokenWithGrant('h1')?.expires_at).toBe(NOW + HOUR)
    expect(new PolicyStore(store.db).expireAccessToken('h1', NOW + 5)).toBe(true)
    expect(oauth.findAccessTokenWithGrant('h1')?.expires_at).toBe(NOW + 5)
  })

  it('keeps two OAuth stores on one connection both up to date', () => {
    const { store, oauth } = setup()
    const other = new OAuthStore(store.db)
    issue(oauth, 'g1', 'h1')
    expect(oauth.findAccessTokenWithGrant('h1')?.revoked_at).toBeNull()
    expect(other.findAccessTokenWithGrant('h1')?.revoked_at).toBeNull()
    other.revokeGrant('g1', NOW + 3, 'both')
    expect(oauth.findAccessTokenWithGrant('h1')?.grant_revoked_at).toBe(NOW + 3)
    expect(other.findAccessTokenWithGrant('h1')?.grant_revoked_at).toBe(NOW + 3)
  })

  it('sees a revocation committed by another connection (another process on the data folder) from the next turn', async () => {
    const { file, oauth } = setup()
    issue(oauth, 'g1', 'h1')
    expect(oauth.findAccessTokenWithGrant('h1')?.revoked_at).toBeNull()
    const elsewhere = new Database(file)
    opened.push(elsewhere)
    elsewhere
      .prepare('UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ?')
      .run(NOW + 4, 'h1')
    // Within the turn the lookup answers as of the turn's start; from the next turn on, the
    // other connection's commit is seen.
    expect(oauth.findAccessTokenWithGrant('h1')?.revoked_at).toBeNull()
    await nextTurn()
    expect(oauth.findAccessTokenWithGrant('h1')?.revoked_at).toBe(NOW + 4)
  })

  it('does not remember a token it did not find', () => {
    const { oauth } = setup()
    expect(oauth.findAccessTokenWithGrant('h1')).toBeUndefined()
    issue(oauth, 'g1', 'h1')
    expect(oauth.findAccessTokenWithGrant('h1')?.grant_id).toBe('g1')
  })
})
