/** Scenarios: files of runner steps with expectations, their runner and reporters (gatehouse test). */
export * from './schema'
export { scenarioJsonSchema, SCENARIO_SCHEMA_ID } from './json-schema'
export {
  loadScenarioFile,
  parseScenario,
  parseScenarioJson,
  prepareScenario,
  ScenarioValidationError,
  type LoadedScenario,
} from './parse'
export { checkExpect, matches, type ExpectationResult, type Observation } from './expect'
export {
  runScenario,
  scenarioClock,
  type ScenarioResult,
  type StepResult,
  type ScenarioStatus,
} from './run'
export * from './reporters'
export * from './suite'
