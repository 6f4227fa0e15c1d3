import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newAuthorizationCode, sha256Hex } from '../../../src/core/tokens/random'
import { form, startGatehouse, type RunningGatehouse } from '../../support/gatehouse'
import { C1, USERS } from '../../support/workspace'
import { basic, bearer } from './support'

/**
 * Security case 14 from the resource side: after a code is redeemed twice, what the first
 * redemption issued is dead at introspection, userinfo and revocation. The code is stored
 * the way the authorize endpoint stores it; the token endpoint redeems it.
 */
let gh: RunningGatehouse

beforeAll(async () => {
  gh = await startGatehouse()
})
afterAll(async () => {
  await gh.close()
})

function storeCode(): string {
  const code = newAuthorizationCode()
  const now = gh.clock.now()
  gh.engine.oauth.store.insertCode({
    code_hash: sha256Hex(code),
    app_key: C1.key,
    user_id: gh.engine.store.workspace.findUserByUsername(USERS.ada)!.id,
    redirect_uri: C1.redirect,
    scopes: 'api openid refresh_token',
    code_challenge: null,
    code_challenge_method: null,
    nonce: null,
    created_at: now,
    expires_at: now + 15 * 60_000,
  })
  return code
}

const redeem = (code: string) =>
  gh.fetch('/services/oauth2/token', {
    method: 'POST',
    body: form({
      grant_type: 'authorization_code',
      code,
      client_id: C1.key,
      client_secret: C1.secret,
      redirect_uri: C1.redirect,
    }),
  })

const introspect = (token: string) =>
  gh.fetch('/services/oauth2/introspect', {
    method: 'POST',
    body: form({ token }),
    headers: { authorization: basic(C1.key, C1.secret) },
  })

describe('after an authorization code is reused (security case 14)', () => {
  it('the first redemption’s tokens are inactive, refused at userinfo and unrevocable', async () => {
    const code = storeCode()
    const first = await redeem(code)
    expect(first.status).toBe(200)
    const tokens = (await first.json()) as { access_token: string; refresh_token: string }

    expect(
      ((await (await introspect(tokens.access_token)).json()) as { active: boolean }).active,
    ).toBe(true)
    const before = await gh.fetch('/services/oauth2/userinfo', {
      headers: bearer(tokens.access_token),
    })
    expect(before.status).toBe(200)

    const second = await redeem(code)
    expect(second.status).toBe(400)
    expect(((await second.json()) as { error: string }).error).toBe('invalid_grant')

    expect(await (await introspect(tokens.access_token)).text()).toBe('{"active":false}')
    expect(await (await introspect(tokens.refresh_token)).text()).toBe('{"active":false}')
    const after = await gh.fetch('/services/oauth2/userinfo', {
      headers: bearer(tokens.access_token),
    })
    expect(after.status).toBe(403)
    expect(await after.text()).toBe('Bad_OAuth_Token')
    const revoke = await gh.fetch('/services/oauth2/revoke', {
      method: 'POST',
      body: form({ token: tokens.refresh_token }),
    })
    expect(revoke.status).toBe(400)
    expect(await revoke.json()).toEqual({
      error: 'invalid_token',
      error_description: 'Token was invalid',
    })
  })
})
