import type { FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import type { TokenResponse } from '../../tokens/issue'
import type { WorkspaceApp } from '../../workspace'
import type { ClientCredentials } from '../client-auth'
import type { ExchangeTrace } from '../exchange-trace'
import type { Params } from '../params'
import type { StepLog } from '../steps'
import type { PasswordLockout } from '../grants/password-lockout'

/** State that outlives one request: built once when the token endpoint is mounted. */
export interface TokenEndpointServices {
  lockout: PasswordLockout
}

/** What every step of the token endpoint can see. */
export interface TokenRequestContext {
  readonly engine: Gatehouse
  readonly request: FastifyRequest
  readonly log: StepLog
  /** Who the request is about; filled in as the steps learn it (the recorder stores it). */
  readonly trace: ExchangeTrace
  /** The virtual-clock instant the whole request is judged at. */
  readonly now: number
  readonly services: TokenEndpointServices
}

/** After the parameters are read and the grant type is known. */
export interface GrantContext extends TokenRequestContext {
  readonly params: Params
}

/** After client authentication, for grants whose client authenticates itself. */
export interface ClientGrantContext extends GrantContext {
  readonly app: WorkspaceApp
  readonly credentials: ClientCredentials
}

/** Whether a grant needs the consumer secret, and why (recorded in `client.secret`). */
export interface SecretRule {
  required: boolean
  why: string
}

interface GrantBase {
  /** The wire value of `grant_type`. */
  grantType: string
}

/** A grant whose client is identified by client_id (+ secret) in the body or Basic header. */
export interface ClientAuthenticatedGrant extends GrantBase {
  client: 'authenticated'
  secretRule(app: WorkspaceApp): SecretRule
  handle(ctx: ClientGrantContext): Promise<TokenResponse>
}

/** A grant that names its client itself (JWT bearer: the assertion's `iss`). */
export interface SelfIdentifyingGrant extends GrantBase {
  client: 'assertion'
  /**
   * The grant runs client.lookup / client.secret itself (token exchange: the client_id is
   * optional when the subject token names the app), so the endpoint records no skip for them.
   */
  authenticatesClient?: boolean
  handle(ctx: GrantContext): Promise<TokenResponse>
}

export type TokenGrant = ClientAuthenticatedGrant | SelfIdentifyingGrant
