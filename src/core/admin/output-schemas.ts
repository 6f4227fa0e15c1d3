import { z } from 'zod'
import {
  FLOW_KINDS,
  FLOW_STATUSES,
  TRACE_ENDPOINTS,
  type AdminErrorBody,
  type ClockResponse,
  type DecodedJwt,
  type ExchangeDetail,
  type ExchangeSummary,
  type FlowDetail,
  type FlowSummary,
  type KeysResponse,
  type RotatedSecretResponse,
  type StatusResponse,
  type TraceStatsResponse,
} from '../../shared/admin-api'

/**
 * What the admin routes answer, as zod schemas, for the OpenAPI document. The types the UI
 * uses are the interfaces in src/shared/admin-api.ts; the checks at the end of this file
 * fail to compile when the two drift apart.
 */

const nullableString = z.string().nullable()
const headerMap = z.record(z.string(), z.union([z.string(), z.array(z.string())]))

export const adminErrorSchema = z.object({
  error: z.string().describe('A stable code: invalid_request, invalid_workspace, not_found …'),
  message: z.string(),
  issues: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        in: z.enum(['body', 'query', 'params', 'workspace']).optional(),
      }),
    )
    .optional(),
})

export const stepRecordSchema = z.object({
  name: z.string(),
  outcome: z.enum(['passed', 'failed', 'skipped']),
  detail: z.string(),
  error: z
    .object({ error: z.string(), error_description: z.string(), status: z.number() })
    .optional(),
})

export const capturedBodySchema = z.object({
  text: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  bytes: z.number(),
  truncated: z.boolean(),
  capBytes: z.number(),
  contentType: nullableString,
  note: z.enum(['form-reencoded', 'json-reencoded', 'stream']).optional(),
})

export const decodedJwtSchema = z.object({
  location: z.string(),
  kind: z.string(),
  token: z.string(),
  header: z.record(z.string(), z.unknown()),
  claims: z.record(z.string(), z.unknown()),
  times: z.array(
    z.object({ claim: z.string(), value: z.number(), iso: z.string(), relative: z.string() }),
  ),
  signature: z.object({
    status: z.enum(['valid', 'invalid', 'unknown_key', 'no_key', 'unsigned', 'unsupported']),
    detail: z.string(),
    keySource: z.enum(['gatehouse_jwks', 'app_certificate']).nullable(),
    kid: nullableString,
  }),
})

export const exchangeSummarySchema = z.object({
  id: z.number().int(),
  flowId: z.number().int().nullable(),
  startedAt: z.string().describe('Virtual-clock time, ISO 8601.'),
  durationMs: z.number(),
  method: z.string(),
  url: z.string(),
  endpoint: z.enum(TRACE_ENDPOINTS),
  status: z.number().int(),
  outcome: z.enum(['ok', 'failed']),
  failedStep: nullableString,
  appKey: nullableString,
  appName: nullableString,
  userId: nullableString,
  username: nullableString,
  grantType: nullableString,
  clientIp: nullableString,
  fault: nullableString,
})

export const exchangeDetailSchema = exchangeSummarySchema.extend({
  grantId: nullableString,
  socketIp: nullableString,
  request: z.object({ headers: headerMap, body: capturedBodySchema.nullable() }),
  response: z.object({ headers: headerMap, body: capturedBodySchema.nullable() }),
  steps: z.array(stepRecordSchema),
  faultDetail: z.record(z.string(), z.unknown()).nullable(),
  jwts: z.array(decodedJwtSchema),
})

export const flowSummarySchema = z.object({
  id: z.number().int(),
  kind: z.enum(FLOW_KINDS),
  appKey: nullableString,
  appName: nullableString,
  userId: nullableString,
  username: nullableString,
  grantId: nullableString,
  status: z.enum(FLOW_STATUSES),
  failedStep: nullableString,
  failedExchangeId: z.number().int().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
  exchangeCount: z.number().int(),
})

export const flowDetailSchema = flowSummarySchema.extend({
  exchanges: z.array(exchangeSummarySchema),
})

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: nullableString })

export const exchangePageSchema = page(exchangeSummarySchema)
export const flowPageSchema = page(flowSummarySchema)

export const clockSchema = z.object({
  now: z.string(),
  nowMs: z.number(),
  offsetSeconds: z.number(),
  frozen: z.boolean(),
})

export const keysSchema = z.object({
  activeKid: z.string(),
  keys: z.array(
    z.object({
      kid: z.string(),
      kty: z.string(),
      alg: z.string(),
      use: z.string(),
      n: z.string(),
      e: z.string(),
    }),
  ),
})

export const rotatedSecretSchema = z.object({ consumerKey: z.string(), consumerSecret: z.string() })

export const traceStatsSchema = z.object({
  enabled: z.boolean(),
  exchanges: z.number(),
  flows: z.number(),
  bytes: z.number(),
  maxExchanges: z.number(),
  maxBytes: z.number(),
  maxBodyBytes: z.number(),
})

export const statusSchema = z.object({
  product: z.literal('Gatehouse'),
  version: z.string(),
  baseUrl: z.string(),
  uiUrl: z.string(),
  endpoints: z.object({
    login: z.string(),
    authorize: z.string(),
    token: z.string(),
    revoke: z.string(),
    introspect: z.string(),
    userinfo: z.string(),
    jwks: z.string(),
    discovery: z.string(),
    restApi: z.string(),
  }),
  org: z.object({ id: z.string(), name: z.string(), edition: z.string() }),
  counts: z.object({
    users: z.number(),
    apps: z.number(),
    profiles: z.number(),
    permissionSets: z.number(),
  }),
  dataDir: z.string(),
  clock: z.object({ now: z.string(), offsetSeconds: z.number(), frozen: z.boolean() }),
  startedAt: z.string(),
})

export const harSchema = z
  .object({
    log: z.object({
      version: z.literal('1.2'),
      creator: z.object({ name: z.string(), version: z.string() }),
      entries: z.array(z.record(z.string(), z.unknown())),
      comment: z.string().optional(),
    }),
  })
  .describe('HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/); entries carry _gatehouse.')

// Compile-time checks: each schema describes exactly the shared type of the same name.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameShapes: [
  Same<z.output<typeof exchangeSummarySchema>, ExchangeSummary>,
  Same<z.output<typeof exchangeDetailSchema>, ExchangeDetail>,
  Same<z.output<typeof flowSummarySchema>, FlowSummary>,
  Same<z.output<typeof flowDetailSchema>, FlowDetail>,
  Same<z.output<typeof decodedJwtSchema>, DecodedJwt>,
  Same<z.output<typeof clockSchema>, ClockResponse>,
  Same<z.output<typeof keysSchema>, KeysResponse>,
  Same<z.output<typeof rotatedSecretSchema>, RotatedSecretResponse>,
  Same<z.output<typeof traceStatsSchema>, TraceStatsResponse>,
  Same<z.output<typeof statusSchema>, StatusResponse>,
  Same<z.output<typeof adminErrorSchema>, AdminErrorBody>,
] = [true, true, true, true, true, true, true, true, true, true, true]
void sameShapes
