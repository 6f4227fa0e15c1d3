/**
 * What each scope lets the app do, in the words Salesforce's consent page uses, so a person
 * approving access reads what they are agreeing to rather than a list of identifiers.
 */
const DESCRIPTIONS: Record<string, string> = {
  api: 'Manage user data via APIs',
  refresh_token: 'Perform requests at any time',
  offline_access: 'Perform requests at any time',
  openid: 'Access unique user identifiers',
  // id, profile, email, address and phone are synonyms in Salesforce (reference §7).
  id: 'Access the identity URL service',
  profile: 'Access the identity URL service',
  email: 'Access the identity URL service',
  address: 'Access the identity URL service',
  phone: 'Access the identity URL service',
  full: 'Full access',
  web: 'Manage user data via Web browsers',
  chatter_api: 'Access Connect REST API resources',
  visualforce: 'Access Visualforce applications',
  custom_permissions: 'Access custom permissions',
  lightning: 'Access Lightning applications',
  content: 'Access content resources',
  wave_api: 'Access Analytics REST API resources',
  eclair_api: 'Access Analytics geodata',
  pardot_api: 'Access Account Engagement services',
  cdp_api: 'Manage Data Cloud data',
  cdp_ingest_api: 'Manage Data Cloud Ingestion API data',
  cdp_profile_api: 'Manage Data Cloud profile data',
  cdp_query_api: 'Perform ANSI SQL queries on Data Cloud data',
  cdp_segment_api: 'Manage Data Cloud segments',
  cdp_identityresolution_api: 'Perform Data Cloud identity resolution',
  cdp_calculated_insight_api: 'Manage Data Cloud calculated insights',
  chatbot_api: 'Access chatbot services',
  interaction_api: 'Access Interaction API resources',
  sfap_api: 'Access the Salesforce API Platform',
  einstein_gpt_api: 'Access Einstein generative AI services',
  scrt_api: 'Access Service Cloud real-time services',
  mcp_api: 'Access Salesforce hosted MCP servers',
  forgot_password: 'Reset passwords for users',
  user_registration_api: 'Register new users',
  pwdless_login_api: 'Log in users without a password',
}

export function describeScope(scope: string): string {
  return DESCRIPTIONS[scope] ?? `Use the "${scope}" scope`
}

/** One line per distinct permission, in request order (synonyms collapse into one line). */
export function describeScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes.map(describeScope))]
}
