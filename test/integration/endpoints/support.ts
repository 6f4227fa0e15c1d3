import { expect } from 'vitest'
import type { Gatehouse } from '../../../src/core'
import type { Issued } from '../../../src/core/tokens/issue'

export interface IssueOptions {
  /** Consumer key of a test-workspace app. */
  app: string
  username: string
  scopes: string[]
  refreshToken?: boolean
  idToken?: boolean
  /** Issue another token under an existing grant (as a refresh would). */
  grantId?: string
}

/**
 * Tokens issued straight from the engine's TokenIssuer, as a completed flow would leave
 * them, so these endpoint tests do not depend on the token endpoint.
 */
export async function issueTokens(engine: Gatehouse, options: IssueOptions): Promise<Issued> {
  const app = engine.store.workspace.findAppByConsumerKey(options.app)
  const user = engine.store.workspace.findUserByUsername(options.username)
  if (!app || !user) throw new Error(`no app ${options.app} or user ${options.username}`)
  const issued = await engine.oauth.issuer.issue({
    app,
    user,
    scopes: options.scopes,
    refreshToken: options.refreshToken ?? options.scopes.includes('refresh_token'),
    signature: true,
    issuedAt: true,
    idToken: options.idToken ? {} : false,
    flow: options.grantId ? 'refresh_token' : 'web_server',
    grantId: options.grantId,
  })
  if ('rotationLost' in issued) throw new Error('unexpected rotation result')
  return issued
}

export function basic(clientId: string, secret: string): string {
  const encode = (v: string) => encodeURIComponent(v)
  return 'Basic ' + Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** RFC 6749 §5.1 / security case 27: token-like answers must not be cached. */
export function expectNoStore(res: Response): void {
  expect(res.headers.get('cache-control')).toBe('no-store')
  expect(res.headers.get('pragma')).toBe('no-cache')
}
