import type { ScopeName } from '../workspace'

/**
 * The Metadata API's scope enum (ConnectedAppOauthAccessScope) and the OAuth scope strings
 * each stands for (reference/salesforce-metadata.md §2.3). Strings documented by Salesforce
 * for most; the ones marked inferred follow the pattern of the documented ones and are not
 * confirmed by a source.
 */
const ENUM_TO_SCOPES: Record<string, readonly ScopeName[]> = {
  Api: ['api'],
  Web: ['web'],
  Full: ['full'],
  // Retrieves return Basic for the whole identity group; deploy also takes its members.
  Basic: ['id', 'profile', 'email', 'address', 'phone'],
  Profile: ['profile'],
  Email: ['email'],
  Address: ['address'],
  Phone: ['phone'],
  OpenID: ['openid'],
  // Retrieves return RefreshToken; deploy also takes OfflineAccess. Gatehouse treats
  // offline_access as a synonym of refresh_token.
  RefreshToken: ['refresh_token'],
  OfflineAccess: ['refresh_token'],
  Chatter: ['chatter_api'],
  CustomApplications: ['visualforce'],
  CustomPermissions: ['custom_permissions'],
  Wave: ['wave_api'],
  Eclair: ['eclair_api'],
  Pardot: ['pardot_api'],
  Lightning: ['lightning'],
  Content: ['content'],
  CDPIngest: ['cdp_ingest_api'],
  Chatbot: ['chatbot_api'],
  ForgotPassword: ['forgot_password'],
  UserRegistration: ['user_registration_api'],
  PwdlessLogin: ['pwdless_login_api'],
  // Inferred strings (not confirmed by a source):
  CDPProfile: ['cdp_profile_api'],
  CDPQuery: ['cdp_query_api'],
  CDPSegment: ['cdp_segment_api'],
  CDPIdentityResolution: ['cdp_identityresolution_api'],
  CDPCalculatedInsight: ['cdp_calculated_insight_api'],
  SFApiPlatform: ['sfap_api'],
  Interaction: ['interaction_api'],
  EinsteinGPT: ['einstein_gpt_api'],
  MCP: ['mcp_api'],
  SCRT: ['scrt_api'],
}

const BASIC_GROUP: readonly ScopeName[] = ENUM_TO_SCOPES.Basic!

/** The scope strings an enum name stands for; null for an enum Gatehouse does not know. */
export function scopesForEnum(name: string): readonly ScopeName[] | null {
  return Object.hasOwn(ENUM_TO_SCOPES, name) ? ENUM_TO_SCOPES[name]! : null
}

/**
 * The enum names a retrieve would show for a set of scope strings: the identity group
 * collapses to Basic and offline_access to RefreshToken, as Salesforce returns them. Scopes
 * with no enum (cdp_api: the enum behind it is not confirmed) come back in `unwritable`.
 */
export function enumsForScopes(scopes: readonly ScopeName[]): {
  enums: string[]
  unwritable: ScopeName[]
} {
  const enums: string[] = []
  const unwritable: ScopeName[] = []
  const add = (name: string) => {
    if (!enums.includes(name)) enums.push(name)
  }
  for (const scope of scopes) {
    if (BASIC_GROUP.includes(scope)) add('Basic')
    else if (scope === 'refresh_token' || scope === 'offline_access') add('RefreshToken')
    else {
      const name = Object.keys(ENUM_TO_SCOPES).find((key) => {
        const strings = ENUM_TO_SCOPES[key]!
        return strings.length === 1 && strings[0] === scope
      })
      if (name !== undefined) add(name)
      else unwritable.push(scope)
    }
  }
  return { enums, unwritable }
}

/** What reading enumsForScopes' answer back gives: the groups widened as Salesforce does. */
export function widenScopes(scopes: readonly ScopeName[]): ScopeName[] {
  const out: ScopeName[] = []
  for (const name of enumsForScopes(scopes).enums) {
    for (const scope of scopesForEnum(name)!) if (!out.includes(scope)) out.push(scope)
  }
  return out
}
