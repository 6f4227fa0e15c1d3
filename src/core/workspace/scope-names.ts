/**
 * Every OAuth scope an app may select, spelled as Salesforce expects it in the `scope`
 * parameter (reference/salesforce-oauth.md §7). The workspace schema accepts only these, so a
 * typo in a workspace file is caught on load instead of surfacing later as `invalid_scope`.
 */
export const SCOPE_NAMES = [
  'api',
  'chatter_api',
  'full',
  'id',
  'profile',
  'email',
  'address',
  'phone',
  'openid',
  'refresh_token',
  'offline_access',
  'web',
  'visualforce',
  'lightning',
  'content',
  'custom_permissions',
  'wave_api',
  'eclair_api',
  'pardot_api',
  'cdp_api',
  'cdp_ingest_api',
  'cdp_profile_api',
  'cdp_query_api',
  'cdp_segment_api',
  'cdp_identityresolution_api',
  'cdp_calculated_insight_api',
  'chatbot_api',
  'interaction_api',
  'sfap_api',
  'einstein_gpt_api',
  'scrt_api',
  'mcp_api',
  'forgot_password',
  'user_registration_api',
  'pwdless_login_api',
] as const

export type ScopeName = (typeof SCOPE_NAMES)[number]
