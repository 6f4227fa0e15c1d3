import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../gatehouse'
import { SCOPE_NAMES } from '../workspace/scope-names'
import { DEVICE_AUTHORIZATION_PATH } from './device/authorization'

/** Claims Salesforce's discovery document lists. */
const CLAIMS_SUPPORTED = [
  'active',
  'address',
  'email',
  'email_verified',
  'family_name',
  'given_name',
  'is_app_installed',
  'language',
  'locale',
  'name',
  'nickname',
  'organization_id',
  'phone_number',
  'phone_number_verified',
  'photos',
  'picture',
  'preferred_username',
  'profile',
  'sub',
  'updated_at',
  'urls',
  'user_id',
  'user_type',
  'zoneinfo',
]

/** Scopes advertised in discovery: Salesforce's whole vocabulary (reference §7). */
const SCOPES_SUPPORTED: readonly string[] = SCOPE_NAMES

export const GRANT_TYPES_SUPPORTED = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'password',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
]

/**
 * The OpenID Provider metadata, shaped like Salesforce's, with the issuer and every
 * endpoint on this server's own base URL (RFC 8414 §3.3: issuer must equal the base URL).
 */
export function discoveryDocument(baseUrl: string): Record<string, unknown> {
  return {
    issuer: baseUrl,
    authorization_endpoint: `${baseUrl}/services/oauth2/authorize`,
    token_endpoint: `${baseUrl}/services/oauth2/token`,
    // RFC 8628's endpoint; Salesforce's own clients post response_type=device_code to the
    // token endpoint instead, which works too.
    device_authorization_endpoint: `${baseUrl}${DEVICE_AUTHORIZATION_PATH}`,
    revocation_endpoint: `${baseUrl}/services/oauth2/revoke`,
    userinfo_endpoint: `${baseUrl}/services/oauth2/userinfo`,
    introspection_endpoint: `${baseUrl}/services/oauth2/introspect`,
    jwks_uri: `${baseUrl}/id/keys`,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code', 'token', 'token id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    display_values_supported: ['page', 'popup', 'touch'],
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'client_secret_basic',
      'private_key_jwt',
    ],
    claims_supported: CLAIMS_SUPPORTED,
    grant_types_supported: GRANT_TYPES_SUPPORTED,
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  }
}

export async function registerDiscovery(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  const send = () => discoveryDocument(engine.baseUrl)
  app.get('/.well-known/openid-configuration', async () => send())
  app.get('/.well-known/oauth-authorization-server', async () => send())
}
