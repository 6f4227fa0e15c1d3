import { z } from 'zod'
import { FLOW_KINDS, FLOW_STATUSES, TRACE_ENDPOINTS } from '../../shared/admin-api'
import { parseDuration } from '../policy/clock'
import { workspaceSchema } from '../workspace'

/** What the admin routes accept, as zod schemas: they validate and they document. */

/** The workspace file's own element schemas, so an app posted alone is checked as in a file. */
export const appInput = workspaceSchema.shape.apps.unwrap().element
export const userInput = workspaceSchema.shape.users.unwrap().element
export const profileInput = workspaceSchema.shape.profiles.unwrap().element

export const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, { error: 'expected a positive integer' })
  .transform(Number)

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')

export const consumerKeyParams = z.strictObject({ consumerKey: z.string().min(1) })
export const userParams = z.strictObject({
  user: z.string().min(1).describe('The user id (15 or 18 characters) or the username.'),
})
export const profileParams = z.strictObject({ name: z.string().min(1) })
export const idParams = z.strictObject({ id: positiveId })

export const workspaceQuery = z.strictObject({
  redact: flag.optional().describe('Leave out consumer secrets and blank passwords.'),
})

export const clockSetBody = z.strictObject({
  now: z
    .union([z.iso.datetime({ offset: true }), z.number().int()])
    .describe('The virtual time to jump to: ISO 8601, or milliseconds since the epoch.'),
  frozen: z.boolean().optional().describe('Freeze (true) or run (false) from that time on.'),
})

export const clockAdvanceBody = z.strictObject({
  by: z
    .union([
      z.string().refine((text) => parseDuration(text) !== null, {
        error: 'expected a duration such as "+2h", "90m", "1h30m" or "-1d"',
      }),
      z.number().int(),
    ])
    .describe('A duration ("+2h", "90m", "-1d") or milliseconds; negative goes back.'),
})

const cursor = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, { error: 'expected a cursor from a previous page' })
  .transform(Number)
  .describe('The nextCursor of the previous page.')

const limit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^[1-9]\d{0,5}$/, { error: 'expected a positive integer' })
    .transform(Number)
    .pipe(z.number().max(max, { error: `expected at most ${max}` }))
    .optional()
    .transform((value) => value ?? fallback)
    .describe(`Page size (default ${fallback}, at most ${max}).`)

const exchangeFilters = {
  app: z.string().min(1).optional().describe('Consumer key or app name.'),
  user: z.string().min(1).optional().describe('User id or username.'),
  status: z
    .string()
    .regex(/^(ok|failed|[1-5]\d\d|[1-5]xx)$/i, {
      error: 'expected ok, failed, an HTTP status such as 401, or a class such as 4xx',
    })
    .optional()
    .describe('ok, failed, an HTTP status (401) or a class (4xx).'),
  endpoint: z.enum(TRACE_ENDPOINTS).optional(),
  flow: positiveId.optional().describe('Only the exchanges of this flow.'),
  text: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Substring of the URL, headers, bodies or steps.'),
}

export const exchangesQuery = z.strictObject({
  ...exchangeFilters,
  limit: limit(500, 50),
  cursor: cursor.optional(),
})

const idList = z
  .string()
  .regex(/^[1-9]\d{0,14}(,[1-9]\d{0,14})*$/, { error: 'expected exchange ids separated by commas' })
  .transform((text) => text.split(',').map(Number))
  .refine((ids) => ids.length <= 5000, { error: 'expected at most 5000 ids' })

export const exchangesHarQuery = z.strictObject({
  ...exchangeFilters,
  ids: idList.optional().describe('Exactly these exchanges (comma-separated ids).'),
  limit: limit(5000, 500),
  redact: flag.optional().describe('Replace secrets, passwords, codes and tokens by REDACTED.'),
})

export const flowsQuery = z.strictObject({
  app: exchangeFilters.app,
  user: exchangeFilters.user,
  status: z.enum(FLOW_STATUSES).optional(),
  kind: z.enum(FLOW_KINDS).optional(),
  limit: limit(500, 50),
  cursor: cursor.optional(),
})

export const harQuery = z.strictObject({
  redact: flag.optional().describe('Replace secrets, passwords, codes and tokens by REDACTED.'),
})

export const sfdxImportBody = z.strictObject({
  files: z
    .record(z.string().min(1), z.string())
    .describe(
      'The project’s files by path relative to the project, as XML text. Connected App and External Client App files are found by suffix; others are ignored.',
    ),
})

export const sfdxImportQuery = z.strictObject({
  apply: flag.optional().describe('Load the result into the workspace; absent: a preview only.'),
  createMissing: flag
    .optional()
    .describe(
      'Create the profiles and permission sets the apps name that the workspace lacks (default true); false leaves them out of the policies.',
    ),
})

export const sfdxExportQuery = z.strictObject({
  withSecrets: flag
    .optional()
    .describe(
      'Also write the External Client Apps’ global OAuth settings and connected app secrets (never commit them).',
    ),
})
