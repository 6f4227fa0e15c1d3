import { z } from 'zod'
import { scenarioSchema } from './schema'

export const SCENARIO_SCHEMA_ID = 'urn:gatehouse:scenario:1'

/**
 * JSON Schema for scenario files, generated from the zod schema (the input side: defaults
 * optional). resources/scenario.schema.json is a copy, kept fresh by
 * test/unit/scenarios/json-schema.test.ts; scenario files point at it with `$schema`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>
  const { $schema, ...rest } = generated
  return { $schema, $id: SCENARIO_SCHEMA_ID, title: 'Gatehouse scenario', ...rest }
}
