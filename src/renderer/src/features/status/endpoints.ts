import type { StatusResponse } from '../../../../shared/admin-api'

export interface EndpointRow {
  key: keyof StatusResponse['endpoints']
  label: string
  /** Where a user would type it, in Salesforce terms. */
  hint: string
  /** Answers a plain GET with a document worth opening in a browser. */
  openable?: boolean
}

/** The URLs users point integrations at, in the order they meet them in a flow. */
export const ENDPOINT_ROWS: readonly EndpointRow[] = [
  {
    key: 'login',
    label: 'Login / base URL',
    hint: 'Replaces https://login.salesforce.com (jsforce loginUrl, instance URL)',
  },
  { key: 'authorize', label: 'Authorize', hint: 'Starts the browser flows: login and consent' },
  {
    key: 'token',
    label: 'Token',
    hint: 'Every grant: code, refresh, JWT bearer, client credentials',
  },
  { key: 'revoke', label: 'Revoke', hint: 'Revokes an access or refresh token' },
  { key: 'introspect', label: 'Introspect', hint: 'Token state for resource servers' },
  { key: 'userinfo', label: 'UserInfo', hint: 'OpenID Connect claims of the token’s user' },
  {
    key: 'jwks',
    label: 'JWKS',
    hint: 'Public keys that verify id tokens and JWT access tokens',
    openable: true,
  },
  {
    key: 'discovery',
    label: 'Discovery',
    hint: 'OpenID configuration for OIDC client libraries',
    openable: true,
  },
  { key: 'restApi', label: 'REST API', hint: 'The Salesforce-like REST API the tokens are for' },
]
