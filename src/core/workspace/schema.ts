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
    trustedIpRanges: z.array(ipRange).default(() => []),
  })
  .describe('The emulated org.')

const profileSchema = z.strictObject({
  name: nonEmptyString,
  apiEnabled: z.boolean().default(true).describe('The "API Enabled" permission.'),
  loginIpRanges: z
    .array(ipRange)
    .default(() => [])
    .describe('Login IP ranges; empty means logins from any address.'),
})

const permissionSetSchema = z.strictObject({ name: nonEmptyString })

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
})

const appSchema = z.strictObject({
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
})

const recordValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

const recordsSchema = z
  .record(sObjectName, z.array(z.record(recordFieldName, recordValue)))
  .default(() => ({}))
  .describe('Records per sObject, e.g. { "Account": [{ "Name": "Edge Communications" }] }.')

// Fault rules are defined by a later part of the design; until then `when` and `then` are
// accepted as plain objects so workspaces that carry rules still load.
const faultSchema = z.strictObject({
  id: nonEmptyString.optional(),
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  when: z.record(z.string(), z.unknown()),
  then: z.record(z.string(), z.unknown()),
})

const simulationSchema = z.strictObject({
  clientIp: ipAddress
    .nullable()
    .default(null)
    .describe('The IP address every request is judged by; null uses the socket address.'),
  clockOffsetSeconds: z.number().int().default(0).describe('Virtual clock offset.'),
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
    faults: z.array(faultSchema).default(() => []),
    simulation: simulationSchema.prefault({}),
  })
  .describe('A Gatehouse workspace: one emulated Salesforce org.')
