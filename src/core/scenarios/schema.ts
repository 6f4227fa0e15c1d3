import { z } from 'zod'
import { RUN_FLOWS } from '../../shared/runner-api'
import { faultRuleSchema } from '../workspace/schema'
import { ipAddress } from '../workspace/fields'
import { parseDuration } from '../policy/clock'

/**
 * The scenario file (README "Scenarios and gatehouse test"): a workspace, a setup (clock,
 * client IP, fault rules, changes to the workspace) and steps — runner flows, clock moves,
 * fault rules added or removed, raw requests — each with what the answer must be. Every
 * object is strict, so a misspelt field is an error named by its JSON path.
 */

export const SCENARIO_FORMAT = 'scenario/1'

const nonEmpty = z.string().min(1)

const duration = z
  .string()
  .refine((text) => parseDuration(text) !== null, {
    error: 'expected a duration such as "+2h", "90m", "-1d" or "1h30m"',
  })
  .describe('A duration: "+2h", "90m", "-1d", "1h30m", "45s".')

/** A value the answer must have: exact, a regular expression, or present/absent. */
export const matcherSchema = z
  .union(
    [
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.strictObject({
        regex: z.string().describe('A JavaScript regular expression the value must match.'),
        flags: z
          .string()
          .regex(/^[imsu]*$/, { error: 'expected flags among i, m, s, u' })
          .optional(),
      }),
      z.strictObject({
        present: z.boolean().describe('true: the value must be there; false: it must not.'),
      }),
      z.strictObject({ equals: z.unknown().describe('Deep equality with any JSON value.') }),
    ],
    {
      error: 'expected a value, {"regex": "…"}, {"present": true|false} or {"equals": …}',
    },
  )
  .describe('Exact value, {"regex": "…"}, {"present": true|false} or {"equals": any JSON}.')

const matcherMap = z.record(z.string(), matcherSchema)

/** What one exchange's answer must be. Every field given is checked; none is required. */
export const expectSchema = z
  .strictObject({
    step: nonEmpty
      .optional()
      .describe("A runner step's name (token, authorize …): check that step, not the last sent."),
    status: z.number().int().min(100).max(599).optional().describe('The HTTP status.'),
    outcome: z
      .enum(['ok', 'failed'])
      .optional()
      .describe('failed: the server refused the request (the trace outcome).'),
    error: matcherSchema.optional().describe('OAuth `error` (JSON body, error redirect or page).'),
    error_description: matcherSchema.optional().describe('OAuth `error_description`.'),
    errorCode: matcherSchema
      .optional()
      .describe("REST API error's `errorCode` (first of the array)."),
    message: matcherSchema.optional().describe("REST API error's `message` (first of the array)."),
    failedStep: matcherSchema
      .optional()
      .describe(
        'The named step that refused the request (policy.ip …); {"present": false} for none.',
      ),
    body: matcherMap
      .optional()
      .describe('JSON body fields by dotted path (records.0.Name) → matcher.'),
    text: matcherSchema.optional().describe('The whole response body as text.'),
    headers: matcherMap.optional().describe('Response headers (lower case) → matcher.'),
    redirect: matcherMap
      .optional()
      .describe('Parameters of the Location redirect (query and fragment) → matcher.'),
    jwt: z
      .record(z.string(), matcherMap)
      .optional()
      .describe('Decoded JWTs by kind (id_token, access_token, assertion …) → claim → matcher.'),
  })
  .describe('What the answer must be.')

const expectField = z
  .union([expectSchema, z.array(expectSchema).min(1)])
  .optional()
  .describe('One expectation, or several (each may name a step).')

/** Edits to one runner step before it is sent (the runner's RunStepEdits). */
export const editsSchema = z.strictObject({
  params: z.record(z.string(), z.string()).optional().describe('Parameters to set.'),
  removeParams: z.array(z.string()).optional().describe('Parameters to leave out.'),
  headers: z
    .record(z.string(), z.string().nullable())
    .optional()
    .describe('Headers to set; null removes one.'),
  claims: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('For a signed assertion: claims to set before signing (null removes one).'),
  body: z.string().optional().describe('Replace the raw body.'),
})

const editsByStep = z
  .record(z.string(), editsSchema)
  .optional()
  .describe('Edits by step name (token, authorize, login …).')

const label = z.string().optional().describe('A label for the step in reports.')

export const flowStepSchema = z.strictObject({
  name: label,
  flow: z.enum(RUN_FLOWS).describe('The runner flow to play.'),
  app: nonEmpty.describe("The app's name or consumer key."),
  user: nonEmpty.optional().describe('Username (default: a user the app admits).'),
  options: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Flow options (pkce, secret, scope, decision, via, soql …), as for `gatehouse run`.'),
  edits: editsByStep,
  until: nonEmpty
    .optional()
    .describe('Stop before this step (not sent); a later `continue` or `rerun` goes on.'),
  expect: expectField,
})

export const continueStepSchema = z.strictObject({
  name: label,
  continue: z.literal(true).describe("Go on with the last flow's remaining steps."),
  edits: editsByStep,
  until: nonEmpty.optional().describe('Stop before this step.'),
  expect: expectField,
})

export const rerunStepSchema = z.strictObject({
  name: label,
  rerun: nonEmpty.describe(
    'Send this already reached step of the last flow again (a code replayed …); later steps are dropped.',
  ),
  edits: editsSchema.optional(),
  expect: expectField,
})

export const clockStepSchema = z.strictObject({
  name: label,
  clock: duration.describe('Move the virtual clock by this much ("+2h", "16m").'),
})

export const addFaultStepSchema = z.strictObject({
  name: label,
  addFault: faultRuleSchema.describe('A fault rule to add (README "Fault rules").'),
})

export const removeFaultStepSchema = z.strictObject({
  name: label,
  removeFault: nonEmpty.describe('The id of the fault rule to remove.'),
})

export const requestStepSchema = z.strictObject({
  name: label,
  request: z.strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    path: z
      .string()
      .regex(/^\//, { error: 'expected a path starting with /' })
      .describe('Path on the emulated org (query allowed).'),
    params: z
      .record(z.string(), z.string())
      .optional()
      .describe('Query parameters (GET) or form fields (other methods).'),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional().describe('A raw body (instead of form fields).'),
    useLastAccessToken: z
      .boolean()
      .optional()
      .describe('Send the last access token any step received as Authorization: Bearer.'),
  }),
  expect: expectField,
})

export const STEP_KINDS = {
  flow: flowStepSchema,
  continue: continueStepSchema,
  rerun: rerunStepSchema,
  clock: clockStepSchema,
  addFault: addFaultStepSchema,
  removeFault: removeFaultStepSchema,
  request: requestStepSchema,
} as const

export type StepKind = keyof typeof STEP_KINDS

export const stepSchema = z
  .union([
    flowStepSchema,
    continueStepSchema,
    rerunStepSchema,
    clockStepSchema,
    addFaultStepSchema,
    removeFaultStepSchema,
    requestStepSchema,
  ])
  .describe('One of: flow, continue, rerun, clock, addFault, removeFault, request.')

const clockSetup = z.union(
  [
    duration.describe('Start the virtual clock this far from now.'),
    z.strictObject({
      offset: duration.optional().describe('Start this far from now.'),
      at: z.iso.datetime({ offset: true }).optional().describe('Start at this time (ISO 8601).'),
      frozen: z
        .boolean()
        .optional()
        .describe('Time stands still (moves only by clock steps). Default: true with `at`.'),
    }),
  ],
  { error: 'expected a duration ("+2h") or {"offset", "at", "frozen"}' },
)

const changes = z.record(z.string(), z.record(z.string(), z.unknown()))

export const setupSchema = z.strictObject({
  clock: clockSetup
    .optional()
    .describe('The virtual clock: an offset ("+2h") or {offset, at, frozen}.'),
  clientIp: ipAddress
    .nullable()
    .optional()
    .describe('The address every request is judged by (simulation.clientIp).'),
  appClientIps: z.record(nonEmpty, ipAddress).optional().describe('App name → address.'),
  userClientIps: z.record(nonEmpty, ipAddress).optional().describe('Username → address.'),
  faults: z.array(faultRuleSchema).optional().describe('Fault rules in force from the start.'),
  org: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Fields merged into the workspace org.'),
  apps: changes.optional().describe('App name → fields merged into that app (policies …).'),
  users: changes.optional().describe('Username → fields merged into that user.'),
  profiles: changes.optional().describe('Profile name → fields merged into that profile.'),
})

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema, for editors.'),
    gatehouse: z.literal(SCENARIO_FORMAT).describe('Scenario file format version.'),
    name: nonEmpty.describe('What the scenario reproduces, in a line.'),
    description: z
      .string()
      .optional()
      .describe('When a real integration hits it, what the user sees, and the fix.'),
    tags: z.array(z.string()).optional(),
    workspace: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())])
      .optional()
      .describe(
        'A workspace file (path relative to this file) or an inline workspace; default: the demo workspace.',
      ),
    setup: setupSchema.optional(),
    steps: z.array(stepSchema).min(1).describe('What happens, in order.'),
  })
  .describe('A Gatehouse scenario: a workspace, runner steps and what each answer must be.')

export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioStep = z.output<typeof stepSchema>
export type Expect = z.output<typeof expectSchema>
export type Matcher = z.output<typeof matcherSchema>
export type ScenarioSetup = z.output<typeof setupSchema>
