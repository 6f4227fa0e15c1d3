/** The workspace file: schema, parsing with defaults and generated values, redaction, demo. */
export { demoWorkspace } from './demo'
export { formatPath, ROOT_PATH, WorkspaceValidationError, type WorkspaceIssue } from './errors'
export { newConsumerKey, newConsumerSecret } from './generate'
export { compareIps, parseIp, type NumericIp } from './ip-address'
export { WORKSPACE_SCHEMA_ID, workspaceJsonSchema } from './json-schema'
export { parseWorkspace, parseWorkspaceJson, type ParseWorkspaceOptions } from './parse'
export { REDACTED, redactWorkspace } from './redact'
export {
  APP_KINDS,
  DEFAULT_LOGIN_HOURS_TIME_ZONE,
  EDITIONS,
  FAULT_ENDPOINTS,
  FAULT_MAIN_ACTIONS,
  FAULT_METHODS,
  FAULT_PRESETS,
  faultRuleSchema,
  IP_RELAXATIONS,
  PERMITTED_USERS,
  POLICY_TIME_UNITS,
  WEEKDAYS,
  workspaceSchema,
} from './schema'
export { SCOPE_NAMES, type ScopeName } from './scope-names'
export type * from './types'
