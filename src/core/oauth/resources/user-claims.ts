import { identityUrl } from '../../tokens/issue'
import type { WorkspaceOrg, WorkspaceUser } from '../../workspace'

/**
 * The user as Salesforce's identity service describes them, for the UserInfo endpoint and
 * the identity URL (reference §6). The workspace holds no time zone, locale, phone, address
 * or modification time per user, so those take the values a new Developer Edition user has.
 */

/** New US orgs default to Pacific time; utcOffset is that zone's raw offset in ms. */
const TIME_ZONE = 'America/Los_Angeles'
const UTC_OFFSET_MS = -8 * 3_600_000
const LANGUAGE = 'en_US'
const LOCALE = 'en_US'
/** The workspace does not record when a user changed, so one fixed time stands in. */
const LAST_MODIFIED = Date.UTC(2024, 0, 1)

export interface IdentitySubject {
  baseUrl: string
  org: WorkspaceOrg
  user: WorkspaceUser
}

/**
 * Salesforce's `urls`, with the `{version}` placeholder clients fill in with an API
 * version. SOAP endpoints carry the 15-character org id, as Salesforce's do.
 */
export function identityUrls({ baseUrl, org, user }: IdentitySubject): Record<string, string> {
  const org15 = org.id.slice(0, 15)
  const rest = `${baseUrl}/services/data/v{version}`
  return {
    enterprise: `${baseUrl}/services/Soap/c/{version}/${org15}`,
    metadata: `${baseUrl}/services/Soap/m/{version}/${org15}`,
    partner: `${baseUrl}/services/Soap/u/{version}/${org15}`,
    rest: `${rest}/`,
    sobjects: `${rest}/sobjects/`,
    search: `${rest}/search/`,
    query: `${rest}/query/`,
    recent: `${rest}/recent/`,
    tooling_soap: `${baseUrl}/services/Soap/T/{version}/${org15}`,
    tooling_rest: `${rest}/tooling/`,
    profile: `${baseUrl}/${user.id}`,
    feeds: `${rest}/chatter/feeds`,
    groups: `${rest}/chatter/groups`,
    users: `${rest}/chatter/users`,
    feed_items: `${rest}/chatter/feed-items`,
    feed_elements: `${rest}/chatter/feed-elements`,
    custom_domain: baseUrl,
  }
}

function photos(baseUrl: string): { picture: string; thumbnail: string } {
  return { picture: `${baseUrl}/profilephoto/005/F`, thumbnail: `${baseUrl}/profilephoto/005/T` }
}

const displayName = (user: WorkspaceUser) =>
  [user.firstName, user.lastName].filter(Boolean).join(' ')

/** The same nickname the id_token carries: the username's local part. */
const nickname = (user: WorkspaceUser) => user.username.split('@')[0] ?? user.username

/** ISO time without milliseconds, as Salesforce writes `updated_at`. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The OIDC UserInfo response, in Salesforce's field order. */
export function userInfoClaims(subject: IdentitySubject): Record<string, unknown> {
  const { baseUrl, org, user } = subject
  const pictures = photos(baseUrl)
  const claims: Record<string, unknown> = {
    sub: identityUrl(baseUrl, org.id, user.id),
    user_id: user.id,
    organization_id: org.id,
    preferred_username: user.username,
    nickname: nickname(user),
    name: displayName(user),
    email: user.email,
    email_verified: true,
  }
  if (user.firstName) claims.given_name = user.firstName
  Object.assign(claims, {
    family_name: user.lastName,
    zoneinfo: TIME_ZONE,
    photos: pictures,
    profile: `${baseUrl}/${user.id}`,
    picture: pictures.picture,
    address: {},
    is_salesforce_integration_user: false,
    urls: identityUrls(subject),
    active: user.active,
    user_type: 'STANDARD',
    language: LANGUAGE,
    locale: LOCALE,
    utcOffset: UTC_OFFSET_MS,
    updated_at: isoSeconds(LAST_MODIFIED),
    is_app_installed: true,
  })
  return claims
}

/** The identity URL response (`GET /id/{org}/{user}`), in Salesforce's field order. */
export function identityDocument(subject: IdentitySubject): Record<string, unknown> {
  const { baseUrl, org, user } = subject
  return {
    id: identityUrl(baseUrl, org.id, user.id),
    asserted_user: true,
    user_id: user.id,
    organization_id: org.id,
    username: user.username,
    nick_name: nickname(user),
    display_name: displayName(user),
    email: user.email,
    email_verified: true,
    first_name: user.firstName ?? null,
    last_name: user.lastName,
    timezone: TIME_ZONE,
    photos: photos(baseUrl),
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: identityUrls(subject),
    active: user.active,
    user_type: 'STANDARD',
    language: LANGUAGE,
    locale: LOCALE,
    utcOffset: UTC_OFFSET_MS,
    last_modified_date: new Date(LAST_MODIFIED).toISOString().replace('Z', '+0000'),
    is_app_installed: true,
  }
}
