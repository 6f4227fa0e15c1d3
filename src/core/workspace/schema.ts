import { z } from 'zod'
import {
  callbackUrl,
  consumerKey,
  consumerSecret,
  emailShaped,
  ipAddress,
  ipRange,
  nonEmptyString,
  pemCertificate,
  recordFieldName,
  salesforceId,
  sObjectName,
} from './fields'
import { SCOPE_NAMES } from './scope-names'

/**
 * The workspace file's shape (DESIGN.md "Workspace file"). Every object is strict, so a
 * misspelt field is an error rather than a silently ignored setting, and every optional field
 * defaults to what a new Salesforce org or app would have. Rules that relate one part of the
 * file to another (names that must exist, names that must be unique) are in
 * cross-references.ts, because they only make sense once the shape is known to be right.
 *
 * Field order here is the order export writes, so keep it matching the documented example.
 */

export const EDITIONS = [
  'Developer',
  'Enterprise',
  'Unlimited',
  'Professional',
  'Performance',
] as const
export const APP_KINDS = ['connectedApp', 'externalClientApp'] as const
export const PERMITTED_USERS = ['allSelfAuthorize', 'adminApprovedPreAuthorized'] as const
export const IP_RELAXATIONS = [
  'enforce',
  'enforceRelaxRefresh',
  'relaxWithSecondFactor',
  'relax',
] as const
export const POLICY_TIME_UNITS = ['hours', 'days', 'months'] as const
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const
/** What a fault rule's `when.endpoint` names: the endpoints of the emulated org. */
export const FAULT_ENDPOINTS = [
  'authorize',
  'login',
  'continue',
  'consent',
  'token',
  'revoke',
  'introspect',
  'userinfo',
  'identity',
  'jwks',
  'discovery',
  'device',
  'rest',
  'other',
] as const
export const FAULT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const
/** The named failures a fault rule can ask for (README "Fault rules"). */
export const FAULT_PRESETS = [
  'expired-access-token',
  'revoked-refresh-token',
  'user-not-approved',
  'ip-restricted',
  'api-limit-exceeded',
  'login-rate-exceeded',
  'insufficient-scope',
  'invalid-client-secret',
  'consent-denied',
  'server-unavailable',
  'slow-token-endpoint',
] as const
/** The time zone login hours are read in when a profile names none: the org's default. */
export const DEFAULT_LOGIN_HOURS_TIME_ZONE = 'America/Los_Angeles'

// Salesforce's session timeout choices run from 15 minutes to 24 hours; shorter values are
// allowed here because a workbench user may want tokens that expire within a demo.
const sessionMinutes = z.number().int().min(1).max(1440)

const orgSchema = z
  .strictObject({
    id: salesforceId('00D', 'org').optional().describe('18-character org id; generated if absent.'),
    name: nonEmptyString,
    edition: z
      .enum(EDITIONS)
      .default('Developer')
      .describe('Sets the default limits (Developer: 15000 API requests / 24 h).'),
    dailyApiRequests: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Overrides the edition’s daily API request allocation.'),
    sessionTimeoutMinutes: sessionMinutes
      .default(120)
      .describe('Default access-token lifetime in minutes.'),
    trustedIpRanges: z
      .array(ipRange)
      .default(() => [])
      .describe(
        'Network Access trusted ranges: logins from inside skip identity verification. They never block a login (profile login IP ranges do).',
      ),
    enforceIpRangesEveryRequest: z
      .boolean()
      .optional()
      .describe(
        'Session setting "Enforce login IP ranges on every request" (continuous IP enforcement): profile login IP ranges are checked on every API call too, not only at login. Absent: off.',
      ),
    loginRateLimitPerHour: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe(
        'Logins one user may make in any rolling hour before further logins are refused (rate_limit_exceeded). Absent: 3600, Salesforce’s limit.',
      ),
  })
  .describe('The emulated org.')

/** "HH:MM" on a 24-hour clock; "24:00" is the end of the day. */
const timeOfDay = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, {
  error: 'expected a time of day "HH:MM" from 00:00 to 24:00',
})

/** An IANA time zone name that this Node.js can compute local times in. */
const timeZoneName = z.string().refine(
  (name) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name })
      return true
    } catch {
      return false
    }
  },
  { error: 'expected an IANA time zone such as America/Los_Angeles or UTC' },
)

const loginWindowSchema = z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .refine((w) => w.start <= w.end, {
    error: 'expected start at or before end (equal times block the whole day)',
    path: ['end'],
  })
  .describe('Logins from start (inclusive) to end (exclusive); start = end blocks the day.')

const loginHoursSchema = z
  .strictObject({
    timeZone: timeZoneName
      .optional()
      .describe(`Zone the hours are read in. Absent: ${DEFAULT_LOGIN_HOURS_TIME_ZONE}.`),
    monday: loginWindowSchema.optional(),
    tuesday: loginWindowSchema.optional(),
    wednesday: loginWindowSchema.optional(),
    thursday: loginWindowSchema.optional(),
    friday: loginWindowSchema.optional(),
    saturday: loginWindowSchema.optional(),
    sunday: loginWindowSchema.optional(),
  })
  .describe(
    'Profile login hours. A day left out allows logins at any time that day (Salesforce’s "Clear times").',
  )

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
  error: 'expected an API name such as Account or Invoice__c',
})

const flag = (what: string) => z.boolean().optional().describe(what)

/** Salesforce's object permissions; an omitted flag is false. */
const objectPermissionSchema = z
  .strictObject({
    read: flag('Read records.'),
    create: flag('Create records.'),
    edit: flag('Edit records.'),
    delete: flag('Delete records.'),
    viewAll: flag('View All records.'),
    modifyAll: flag('Modify All records.'),
  })
  .describe('What the profile or permission set allows on the object; omitted flags are false.')

const fieldPermissionSchema = z
  .strictObject({ read: flag('Read the field.'), edit: flag('Edit the field.') })
  .describe('Field-level security; omitted flags are false.')

const objectPermissionsSchema = z
  .record(apiName, objectPermissionSchema)
  .optional()
  .describe(
    'Object permissions by object API name. On a profile, having this key (even {}) turns access control on for its users: they may do exactly what the profile and their permission sets grant. Absent on the profile: every object and field is allowed.',
  )

const fieldPermissionsSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/, {
      error: 'expected Object.Field, such as Account.AnnualRevenue',
    }),
    fieldPermissionSchema,
  )
  .optional()
  .describe(
    'Field permissions by Object.Field. A field no profile or permission set names is readable and editable where its object is.',
  )

const profileSchema = z.strictObject({
  name: nonEmptyString,
  apiEnabled: z.boolean().default(true).describe('The "API Enabled" permission.'),
  loginIpRanges: z
    .array(ipRange)
    .default(() => [])
    .describe('Login IP ranges; empty means logins from any address.'),
  loginHours: loginHoursSchema.optional(),
  objectPermissions: objectPermissionsSchema,
  fieldPermissions: fieldPermissionsSchema,
})

const permissionSetSchema = z.strictObject({
  name: nonEmptyString,
  objectPermissions: objectPermissionsSchema,
  fieldPermissions: fieldPermissionsSchema,
})

const userSchema = z.strictObject({
  id: salesforceId('005', 'user').optional().describe('18-character user id; generated if absent.'),
  username: emailShaped('a username').describe('Unique regardless of case.'),
  password: z.string().optional().describe('Absent: the user cannot log in with a password.'),
  firstName: z.string().optional(),
  lastName: nonEmptyString,
  email: emailShaped('an email address'),
  profile: nonEmptyString.describe('Name of one of the workspace profiles.'),
  permissionSets: z.array(nonEmptyString).default(() => []),
  active: z.boolean().default(true),
})

const enabledFlag = z.strictObject({ enabled: z.boolean().default(false) })

const refreshTokenPolicySchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('untilRevoked') }),
    z.strictObject({ type: z.literal('immediatelyExpire') }),
    z.strictObject({
      type: z.literal('expireIfNotUsedFor'),
      value: z.number().int().min(1),
      unit: z.enum(POLICY_TIME_UNITS),
    }),
    z.strictObject({
      type: z.literal('expireAfter'),
      value: z.number().int().min(1),
      unit: z.enum(POLICY_TIME_UNITS),
    }),
  ])
  .describe('How long refresh tokens stay valid.')

const appPoliciesSchema = z.strictObject({
  permittedUsers: z.enum(PERMITTED_USERS).default('allSelfAuthorize'),
  profiles: z
    .array(nonEmptyString)
    .default(() => [])
    .describe('Profiles whose users are pre-authorized.'),
  permissionSets: z
    .array(nonEmptyString)
    .default(() => [])
    .describe('Permission sets whose users are pre-authorized.'),
  ipRelaxation: z.enum(IP_RELAXATIONS).default('enforce'),
  refreshTokenPolicy: refreshTokenPolicySchema.prefault({ type: 'untilRevoked' }),
  sessionTimeoutMinutes: sessionMinutes
    .nullable()
    .default(null)
    .describe('Access-token lifetime; null uses the org default.'),
  blocked: z.boolean().default(false).describe('A blocked app gets OAUTH_APP_BLOCKED.'),
  refreshTokenIpAllowlist: z
    .array(ipRange)
    .max(128)
    .optional()
    .describe(
      'External Client App "Enforce Refresh Token IP Allowlist": only callers inside these ranges complete the web server or refresh token flow, whatever the IP relaxation. Absent: off.',
    ),
})

/**
 * What an app read from Metadata API source files keeps of them (README "SFDX projects"):
 * its API name, the member name of each file, and every element Gatehouse does not model,
 * verbatim, so writing the app back as metadata loses nothing.
 */
const keptElementSchema = z.strictObject({
  at: z
    .string()
    .describe('The parent element below the file’s root: "" for the root, e.g. "oauthConfig".'),
  xml: nonEmptyString.describe('The element as it was in the file.'),
})

const metadataFileSchema = z.strictObject({
  type: nonEmptyString.describe('The file suffix: connectedApp, eca, ecaOauth, ecaOauthPlcy …'),
  name: nonEmptyString.describe('The member name (the file name before the suffix).'),
  root: nonEmptyString.describe('The root element, e.g. ExtlClntAppOauthSettings.'),
  path: nonEmptyString.optional().describe('Where the file was, relative to the project.'),
  kept: z.array(keptElementSchema).default(() => []),
})

export const appMetadataSchema = z
  .strictObject({
    apiName: z
      .string()
      .regex(/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$/, {
        error:
          'expected an API name: letters, digits and single underscores, starting with a letter, not ending with _',
      })
      .describe('The app’s fullName in metadata (its file name).'),
    files: z.array(metadataFileSchema).default(() => []),
  })
  .describe('Kept from the SFDX project the app was imported from.')

export const appSchema = z.strictObject({
  kind: z.enum(APP_KINDS),
  name: nonEmptyString.describe('Unique regardless of case.'),
  consumerKey: consumerKey.optional(),
  consumerSecret: consumerSecret.optional(),
  callbackUrls: z.array(callbackUrl).default(() => []),
  scopes: z.array(z.enum(SCOPE_NAMES)).default(() => []),
  requireSecretForWebServerFlow: z.boolean().default(true),
  requireSecretForRefreshTokenFlow: z.boolean().default(true),
  requirePkce: z.boolean().default(false),
  certificate: pemCertificate
    .nullable()
    .default(null)
    .describe('PEM X.509 certificate; enables the JWT bearer flow.'),
  clientCredentials: z
    .strictObject({
      enabled: z.boolean().default(false),
      runAs: nonEmptyString.nullable().default(null).describe('Username of the run-as user.'),
    })
    .prefault({}),
  deviceFlow: enabledFlag.prefault({}),
  usernamePassword: enabledFlag.prefault({}).describe('Connected apps only.'),
  tokenExchange: enabledFlag.prefault({}),
  refreshTokenRotation: z.boolean().default(false),
  jwtAccessTokens: z.boolean().default(false),
  introspectAllTokens: z.boolean().default(false),
  policies: appPoliciesSchema.prefault({}).describe('Admin policies.'),
  metadata: appMetadataSchema.optional(),
})

const recordValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

const recordsSchema = z
  .record(sObjectName, z.array(z.record(recordFieldName, recordValue)))
  .default(() => ({}))
  .describe('Records per sObject, e.g. { "Account": [{ "Name": "Edge Communications" }] }.')

/** One value or a non-empty list of them (a rule matching any of several endpoints). */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)])

const faultWhenSchema = z
  .strictObject({
    endpoint: oneOrMany(z.enum(FAULT_ENDPOINTS)).optional(),
    grantType: oneOrMany(nonEmptyString)
      .optional()
      .describe('The token request’s grant_type; a rule with it matches token requests only.'),
    app: nonEmptyString.optional().describe('App name (any case) or consumer key.'),
    user: nonEmptyString.optional().describe('Username (any case) or user id.'),
    method: oneOrMany(z.enum(FAULT_METHODS)).optional(),
    times: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Fire on the next N matching requests only; absent: on every one.'),
    probability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Chance (0 to 1) that a matching request is touched; absent: 1.'),
  })
  .describe('Which requests the rule touches; every field given must match.')

const faultRespondSchema = z
  .strictObject({
    status: z.number().int().min(400).max(599),
    error: nonEmptyString.describe('The error code (REST: the errorCode).'),
    error_description: z.string().optional().describe('Its text (REST: the message).'),
    retryAfterSeconds: z.number().int().min(0).optional(),
  })
  .describe('Answer with this error, in the endpoint’s own error shape.')

/** Actions that decide the answer; a rule has at most one of them (latency and IP add on). */
export const FAULT_MAIN_ACTIONS = [
  'preset',
  'respond',
  'dropConnection',
  'corruptSignature',
  'expireTokens',
  'revokeTokens',
] as const

const faultThenSchema = z
  .strictObject({
    preset: z.enum(FAULT_PRESETS).optional(),
    respond: faultRespondSchema.optional(),
    latencyMs: z
      .number()
      .int()
      .min(0)
      .max(120_000)
      .optional()
      .describe('Wait this long (real time) before going on.'),
    dropConnection: z.literal(true).optional().describe('Close the connection without answering.'),
    corruptSignature: z
      .literal(true)
      .optional()
      .describe('Break the signatures in the token response (signature, id_token, JWTs).'),
    expireTokens: z
      .literal(true)
      .optional()
      .describe('Expire the code or tokens the request presents, then let the real checks run.'),
    revokeTokens: z
      .literal(true)
      .optional()
      .describe('Revoke the grant of the code or tokens the request presents.'),
    clientIp: ipAddress.optional().describe('Judge the request as coming from this address.'),
  })
  .superRefine((then, ctx) => {
    const main = FAULT_MAIN_ACTIONS.filter((action) => then[action] !== undefined)
    if (main.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [main[1]!],
        message: `expected only one of ${FAULT_MAIN_ACTIONS.join(', ')} (${main[0]} is already given)`,
      })
    }
    if (main.length === 0 && then.latencyMs === undefined && then.clientIp === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected an action: ${[...FAULT_MAIN_ACTIONS, 'latencyMs', 'clientIp'].join(', ')}`,
      })
    }
  })
  .describe('What the rule does to a request it touches.')

/** A fault rule (README "Fault rules"): `when` a request matches, `then` do this to it. */
export const faultRuleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
      error: 'expected 1 to 64 letters, digits, dots, dashes or underscores',
    })
    .optional()
    .describe('Names the rule in the admin API; absent: rule-1, rule-2 … by position.'),
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  when: faultWhenSchema,
  then: faultThenSchema,
})

/** Where a breakpoint pauses an exchange (README "Breakpoints"). */
export const BREAKPOINT_STAGES = ['request', 'response'] as const

/** The longest a breakpoint may hold an exchange, in seconds. */
export const BREAKPOINT_MAX_TIMEOUT_SECONDS = 600

const breakpointWhenSchema = faultWhenSchema
  .extend({
    step: nonEmptyString
      .optional()
      .describe('A named step of the exchange, e.g. policy.ip; judged after the decision.'),
    outcome: z
      .enum(['failed', 'passed'])
      .optional()
      .describe(
        'With step: that step’s outcome; alone: whether any step failed. Judged after the decision.',
      ),
  })
  .describe(
    'Which exchanges the breakpoint pauses: the fault rules’ matcher, plus step and outcome.',
  )

/**
 * A breakpoint (README "Breakpoints"): pause the exchanges it matches at `request` (before any
 * check; params and headers can be changed) or at `response` (after the decision, before a
 * byte is sent). A breakpoint with `when.step` or `when.outcome` pauses at response.
 */
export const breakpointRuleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
        error: 'expected 1 to 64 letters, digits, dots, dashes or underscores',
      })
      .optional()
      .describe('Names the breakpoint in the admin API; absent: breakpoint-1, breakpoint-2 …'),
    name: z.string().optional(),
    enabled: z.boolean().default(true),
    when: breakpointWhenSchema,
    at: z
      .enum(BREAKPOINT_STAGES)
      .optional()
      .describe(
        'request or response; absent: response when step or outcome is given, else request.',
      ),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(BREAKPOINT_MAX_TIMEOUT_SECONDS)
      .default(60)
      .describe('A paused exchange nobody decides on continues unchanged after this long.'),
  })
  .superRefine((rule, ctx) => {
    if (
      rule.at === 'request' &&
      (rule.when.step !== undefined || rule.when.outcome !== undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['at'],
        message:
          'a breakpoint with when.step or when.outcome can only pause at response (steps are judged after the decision)',
      })
    }
  })

const simulationSchema = z.strictObject({
  clientIp: ipAddress
    .nullable()
    .default(null)
    .describe('The IP address every request is judged by; null uses the socket address.'),
  clockOffsetSeconds: z.number().int().default(0).describe('Virtual clock offset.'),
  appClientIps: z
    .record(nonEmptyString, ipAddress)
    .optional()
    .describe('Per app (by name): the IP its requests are judged by; wins over clientIp.'),
  userClientIps: z
    .record(nonEmptyString, ipAddress)
    .optional()
    .describe('Per user (by username): the IP their requests are judged by; wins over apps.'),
  trustForwardedFor: z
    .boolean()
    .optional()
    .describe(
      'Judge requests by their X-Forwarded-For address when no simulated IP applies. Absent: off (the socket address).',
    ),
})

export const workspaceSchema = z
  .strictObject({
    gatehouse: z.literal(1).describe('Workspace file format version.'),
    org: orgSchema,
    profiles: z.array(profileSchema).default(() => []),
    permissionSets: z.array(permissionSetSchema).default(() => []),
    users: z.array(userSchema).default(() => []),
    apps: z.array(appSchema).default(() => []),
    records: recordsSchema,
    faults: z.array(faultRuleSchema).default(() => []),
    breakpoints: z.array(breakpointRuleSchema).default(() => []),
    simulation: simulationSchema.prefault({}),
  })
  .describe('A Gatehouse workspace: one emulated Salesforce org.')
