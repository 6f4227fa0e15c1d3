import { OAuthError } from './errors'

/**
 * Salesforce's OAuth error pairs, word for word (reference: salesforce-oauth.md §3, §4, §5).
 * Every endpoint builds its errors from this one table so the wire stays consistent.
 * HTTP status is 400 unless Salesforce is known to answer otherwise.
 */
export const sfErrors = {
  // Client identification and authentication
  invalidClientId: () => new OAuthError('invalid_client_id', 'client identifier invalid'),
  invalidClient: () => new OAuthError('invalid_client', 'invalid client credentials'),
  // Grants
  authenticationFailure: () => new OAuthError('invalid_grant', 'authentication failure'),
  expiredAuthorizationCode: () => new OAuthError('invalid_grant', 'expired authorization code'),
  expiredToken: () => new OAuthError('invalid_grant', 'expired access/refresh token'),
  notApproved: () => new OAuthError('invalid_grant', "user hasn't approved this consumer"),
  audienceInvalid: () => new OAuthError('invalid_grant', 'audience is invalid'),
  invalidAssertion: () => new OAuthError('invalid_grant', 'invalid assertion'),
  ipRestricted: () => new OAuthError('invalid_grant', 'ip restricted or invalid login hours'),
  inactiveUser: () => new OAuthError('invalid_grant', 'inactive user'),
  noClientCredentialsUser: () =>
    new OAuthError('invalid_grant', 'no client credentials user enabled'),
  notSupportedOnDomain: () =>
    new OAuthError('invalid_grant', 'request not supported on this domain'),
  deviceFlowDisabled: () =>
    new OAuthError('invalid_grant', 'device flow is not enabled for the app'),
  notAdminApproved: () =>
    new OAuthError('invalid_app_access', 'user is not admin approved to access this app'),
  unsupportedGrantType: () => new OAuthError('unsupported_grant_type', 'grant type not supported'),
  invalidRequest: (description: string) => new OAuthError('invalid_request', description),
  invalidScope: () => new OAuthError('invalid_scope', 'the requested scope is not allowed'),
  // Token endpoint: grant-specific pairs. [I] marks texts no captured Salesforce response
  // confirms yet (reference §12); they are kept here so one edit fixes them everywhere.
  /** A required parameter is absent. [I] text. */
  missingParameter: (name: string) =>
    new OAuthError('invalid_request', `missing required parameter: ${name}`),
  /** Request body that is neither form-urlencoded nor multipart. [I] text. */
  unsupportedContentType: () =>
    new OAuthError('invalid_request', 'request body must be application/x-www-form-urlencoded'),
  /** Code exchange with a redirect_uri other than the one sent to /authorize. [I] pair. */
  codeRedirectUriMismatch: () =>
    new OAuthError('invalid_grant', 'redirect_uri must match configuration'),
  /**
   * PKCE: a verifier that does not match the stored challenge is `invalid_request` per the
   * web server flow docs [D3]; the description is the one Salesforce's Mobile SDK logs show.
   */
  codeVerifierMismatch: () => new OAuthError('invalid_request', 'invalid code verifier'),
  /** PKCE: verifier missing, malformed, or sent for a code without a challenge [D3]. */
  invalidCodeVerifier: () => new OAuthError('invalid_grant', 'invalid code verifier'),
  /** Client credentials flow switched off for the app. [I] text. */
  clientCredentialsDisabled: () =>
    new OAuthError('invalid_grant', 'client credentials flow is not enabled for the app'),
  /** Client credentials with no scope left once full/web/refresh scopes are removed. [I] */
  noValidScopes: () => new OAuthError('invalid_grant', 'no valid scopes defined'),
  /** Password grant while the user is locked out: Salesforce's body, plus Retry-After. */
  lockedOut: (retryAfterSeconds: number) =>
    new OAuthError('invalid_grant', 'authentication failure', 400, {
      'retry-after': String(retryAfterSeconds),
    }),
  // Device flow polling (RFC 8628 §3.5 codes; Salesforce's descriptions are unverified [I]).
  authorizationPending: () => new OAuthError('authorization_pending', 'authorization pending'),
  slowDown: () => new OAuthError('slow_down', 'slow down'),
  expiredDeviceCode: () => new OAuthError('expired_token', 'expired device code'),
  // Token exchange (RFC 8693 §2.2.2 codes; Salesforce's descriptions are unverified [I]).
  tokenExchangeDisabled: () =>
    new OAuthError('invalid_grant', 'token exchange flow is not enabled for the app'),
  invalidSubjectToken: () => new OAuthError('invalid_request', 'invalid subject token'),
  invalidActorToken: () => new OAuthError('invalid_request', 'invalid actor token'),
  unsupportedRequestedTokenType: () =>
    new OAuthError('invalid_request', 'unsupported requested token type'),
  invalidTarget: () => new OAuthError('invalid_target', 'the requested audience is not allowed'),
  /**
   * Login rate exceeded (reference §10, §5.1): Salesforce's documented pair. Its status is
   * unverified; 429 with Retry-After keeps security case 47's property.
   */
  loginRateExceeded: (retryAfterSeconds: number) =>
    new OAuthError('rate_limit_exceeded', 'number of logins exceeded', 429, {
      'retry-after': String(retryAfterSeconds),
    }),
  /** The org is down for maintenance (fault presets). [I] text; the code is Salesforce's. */
  serviceUnavailable: () =>
    new OAuthError('service_unavailable', 'service temporarily unavailable', 503, {
      'retry-after': '30',
    }),
  // Authorization endpoint (redirected back to the client)
  accessDenied: () => new OAuthError('access_denied', 'end-user denied authorization'),
  appAccessDenied: () =>
    new OAuthError('OAUTH_APP_ACCESS_DENIED', 'user is not admin approved to access this app'),
  appBlocked: () => new OAuthError('OAUTH_APP_BLOCKED', 'this app is blocked by admin'),
  immediateUnsuccessful: () => new OAuthError('immediate_unsuccessful', 'immediate unsuccessful'),
  // OIDC prompt=none (Salesforce itself only knows `immediate`): OIDC Core §3.1.2.6 names.
  loginRequired: () => new OAuthError('login_required', 'login required'),
  consentRequired: () => new OAuthError('consent_required', 'consent required'),
  unsupportedResponseType: () =>
    new OAuthError('unsupported_response_type', 'response type not supported'),
  redirectUriMismatch: () =>
    new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration'),
  redirectUriMissing: () => new OAuthError('redirect_uri_missing', 'redirect_uri must be provided'),
  // Revocation
  unsupportedTokenType: () => new OAuthError('unsupported_token_type', 'Token type not supported'),
  invalidToken: () => new OAuthError('invalid_token', 'Token was invalid'),
  // Introspection (and revocation when credentials are presented): RFC 7662 wants 401 here.
  invalidClientUnauthorized: () =>
    new OAuthError('invalid_client', 'invalid client credentials', 401, {
      'www-authenticate': 'Basic realm="Salesforce"',
    }),
  // Identity URL and UserInfo: plain-text bodies that are just the code (see identityError).
  missingOAuthToken: () => new OAuthError('Missing_OAuth_Token', 'Missing_OAuth_Token', 403),
  badOAuthToken: () => new OAuthError('Bad_OAuth_Token', 'Bad_OAuth_Token', 403),
  wrongOrg: () => new OAuthError('Wrong_Org', 'Wrong_Org', 403),
  badId: () => new OAuthError('Bad_Id', 'Bad_Id', 404),
} as const
