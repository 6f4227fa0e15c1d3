import type { FastifyRequest } from 'fastify'
import { decodeJwt } from 'jose'
import type { Gatehouse } from '../../gatehouse'
import { isRegisteredRedirectUri } from '../../oauth/authorize/redirect-uri'
import type { ResponseMode } from '../../oauth/authorize/redirect'
import { currentSession } from '../../oauth/authorize/session'
import { readClientCredentials } from '../../oauth/client-auth'
import { param, readParams, type Params } from '../../oauth/params'
import { readBearer } from '../../tokens/bearer'
import { sha256Hex } from '../../tokens/random'
import { classifyEndpoint } from '../../trace/endpoint'
import type { FaultEndpoint, WorkspaceApp, WorkspaceUser } from '../../workspace/types'

/**
 * What a fault rule can be matched on, read from a request before its endpoint runs: the
 * endpoint, method and grant type, the app and user it is about, the codes and tokens it
 * presents, and (authorization pages) where an error may be redirected. Everything is looked
 * up lazily and only once, and nothing is changed: a peek, never a redemption. Malformed
 * input yields "unknown", never an error — the endpoint itself will refuse it.
 */

export interface InvolvedToken {
  kind: 'code' | 'access_token' | 'refresh_token'
  hash: string
  appKey: string
  userId: string
  grantId: string | null
}

export interface RedirectTarget {
  redirectUri: string
  state: string | undefined
  mode: ResponseMode
}

export const AUTHORIZE_PAGES: ReadonlySet<FaultEndpoint> = new Set([
  'authorize',
  'login',
  'continue',
  'consent',
])

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

function once<T>(compute: () => T): () => T {
  let done = false
  let value: T
  return () => {
    if (!done) {
      value = compute()
      done = true
    }
    return value
  }
}

export class RequestFacts {
  readonly endpoint: FaultEndpoint
  readonly method: string

  constructor(
    private readonly engine: Gatehouse,
    private readonly request: FastifyRequest,
  ) {
    const endpoint = classifyEndpoint(request.url)
    this.endpoint = endpoint === 'asset' ? 'other' : endpoint
    this.method = request.method
  }

  /** Query and (form) body parameters; empty when they are malformed. */
  readonly params = once((): Params => {
    const body = this.request.body
    const formBody = body !== null && typeof body === 'object' && !Buffer.isBuffer(body)
    try {
      return readParams(this.request.query, formBody ? body : undefined)
    } catch {
      try {
        return readParams(this.request.query)
      } catch {
        return new Map()
      }
    }
  })

  /** The token request's grant_type (only token requests have one). */
  readonly grantType = once((): string | undefined =>
    this.endpoint === 'token' ? param(this.params(), 'grant_type') : undefined,
  )

  readonly tokens = once((): InvolvedToken[] => this.findTokens())

  readonly app = once((): WorkspaceApp | undefined => {
    const key = this.appKey()
    return key === undefined ? undefined : this.engine.store.workspace.findAppByConsumerKey(key)
  })

  readonly user = once((): WorkspaceUser | undefined => this.findUser())

  readonly redirectTarget = once((): RedirectTarget | undefined => this.findRedirectTarget())

  private get workspace() {
    return this.engine.store.workspace
  }

  private clientId(): string | undefined {
    try {
      return readClientCredentials(this.params(), this.request.headers.authorization).clientId
    } catch {
      return param(this.params(), 'client_id')
    }
  }

  /** The claims of a JWT bearer assertion, unverified (matching only; the grant verifies). */
  private assertionClaims(): { iss?: unknown; sub?: unknown } | undefined {
    if (this.grantType() !== JWT_BEARER) return undefined
    const assertion = param(this.params(), 'assertion')
    if (!assertion) return undefined
    try {
      return decodeJwt(assertion)
    } catch {
      return undefined
    }
  }

  private pendingParams(): Record<string, string> | undefined {
    const id = param(this.params(), 'request_id')
    if (!id) return undefined
    const row = this.engine.oauth.store.findAuthorizeRequest(id)
    if (!row) return undefined
    try {
      return JSON.parse(row.params) as Record<string, string>
    } catch {
      return undefined
    }
  }

  private appKey(): string | undefined {
    switch (this.endpoint) {
      case 'login':
      case 'continue':
      case 'consent': {
        const id = param(this.params(), 'request_id')
        return id ? this.engine.oauth.store.findAuthorizeRequest(id)?.app_key : undefined
      }
      case 'rest':
      case 'userinfo':
      case 'identity':
        return this.tokens()[0]?.appKey
      default: {
        const claims = this.assertionClaims()
        if (claims && typeof claims.iss === 'string') return claims.iss
        return this.clientId() ?? this.tokens()[0]?.appKey
      }
    }
  }

  private findUser(): WorkspaceUser | undefined {
    const byId = (id: string | undefined) => (id ? this.workspace.findUserById(id) : undefined)
    switch (this.endpoint) {
      case 'authorize':
      case 'continue':
      case 'consent':
        return byId(currentSession(this.engine, this.request)?.userId)
      case 'login': {
        const username = param(this.params(), 'username')?.trim()
        return username ? this.workspace.findUserByUsername(username) : undefined
      }
      case 'token': {
        const grant = this.grantType()
        if (grant === 'password') {
          const username = param(this.params(), 'username')
          return username ? this.workspace.findUserByUsername(username) : undefined
        }
        if (grant === JWT_BEARER) {
          const sub = this.assertionClaims()?.sub
          return typeof sub === 'string' ? this.workspace.findUserByUsername(sub) : undefined
        }
        if (grant === 'client_credentials') {
          const runAs = this.app()?.clientCredentials.runAs
          return runAs ? this.workspace.findUserByUsername(runAs) : undefined
        }
        return byId(this.tokens()[0]?.userId)
      }
      default:
        return byId(this.tokens()[0]?.userId)
    }
  }

  private presentedBearer(): string | undefined {
    const fromHeader = readBearer(this.request.headers.authorization)
    if (fromHeader) return fromHeader
    const params = this.params()
    return param(params, 'access_token') ?? param(params, 'oauth_token')
  }

  private findTokens(): InvolvedToken[] {
    const { store } = this.engine.oauth
    const policyStore = this.engine.policy.store
    const access = (raw: string): InvolvedToken | undefined => {
      const hash = sha256Hex(raw)
      const row = store.findAccessToken(hash)
      return (
        row && {
          kind: 'access_token',
          hash,
          appKey: row.app_key,
          userId: row.user_id,
          grantId: row.grant_id,
        }
      )
    }
    const refresh = (raw: string): InvolvedToken | undefined => {
      const hash = sha256Hex(raw)
      const row = store.findRefreshToken(hash)
      return (
        row && {
          kind: 'refresh_token',
          hash,
          appKey: row.app_key,
          userId: row.user_id,
          grantId: row.grant_id,
        }
      )
    }
    const params = this.params()
    const found: Array<InvolvedToken | undefined> = []
    switch (this.endpoint) {
      case 'token': {
        const code = param(params, 'code')
        if (code) {
          const hash = sha256Hex(code)
          const row = policyStore.peekCode(hash)
          if (row) {
            found.push({
              kind: 'code',
              hash,
              appKey: row.app_key,
              userId: row.user_id,
              grantId: row.grant_id,
            })
          }
        }
        const refreshToken = param(params, 'refresh_token')
        if (refreshToken) found.push(refresh(refreshToken))
        break
      }
      case 'revoke':
      case 'introspect': {
        const token = param(params, 'token')
        if (token) found.push(access(token) ?? refresh(token))
        break
      }
      case 'rest':
      case 'userinfo':
      case 'identity': {
        const token = this.presentedBearer()
        if (token) found.push(access(token))
        break
      }
      default:
        break
    }
    return found.filter((token): token is InvolvedToken => token !== undefined)
  }

  private findRedirectTarget(): RedirectTarget | undefined {
    if (!AUTHORIZE_PAGES.has(this.endpoint)) return undefined
    const raw: Record<string, string | undefined> =
      this.endpoint === 'authorize'
        ? Object.fromEntries(this.params())
        : (this.pendingParams() ?? {})
    const clientId = raw.client_id
    const redirectUri = raw.redirect_uri
    if (!clientId || !redirectUri) return undefined
    const app = this.workspace.findAppByConsumerKey(clientId)
    if (!app || !isRegisteredRedirectUri(app.callbackUrls, redirectUri)) return undefined
    const responseType = raw.response_type ?? 'code'
    const mode: ResponseMode =
      responseType.split(' ').includes('token') && !responseType.split(' ').includes('code')
        ? 'fragment'
        : 'query'
    return { redirectUri, state: raw.state, mode }
  }
}
