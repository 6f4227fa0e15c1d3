/**
 * Messages Salesforce's own login page shows (the OAuth error pairs are in oauth-errors.ts).
 * Like the generic failure, this one never says which check failed, so a person at the
 * login page cannot tell a right password from a wrong one by it.
 */
export const LOGIN_RESTRICTED_MESSAGE =
  'Your login attempt has failed. The username or password may be incorrect, or your location or login time may be restricted. Please contact the administrator at your company for help.'
