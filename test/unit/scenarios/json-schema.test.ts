import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { scenarioJsonSchema, SCENARIO_SCHEMA_ID } from '../../../src/core/scenarios'

const SCHEMA_FILE = new URL('../../../resources/scenario.schema.json', import.meta.url)

/**
 * resources/scenario.schema.json is generated from the zod schema. This test fails when the
 * file is stale; regenerate it with
 *   UPDATE_SCHEMA=1 npx vitest run test/unit/scenarios/json-schema.test.ts
 */
describe('scenario JSON Schema', () => {
  const expected = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n'

  it('matches resources/scenario.schema.json', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, expected)
    const onDisk = readFileSync(SCHEMA_FILE, 'utf8')
    expect(
      onDisk,
      'stale schema: run UPDATE_SCHEMA=1 npx vitest run test/unit/scenarios/json-schema.test.ts',
    ).toBe(expected)
  })

  it('refuses unknown fields and names the required ones', () => {
    const schema = scenarioJsonSchema() as {
      $id: string
      required: string[]
      additionalProperties: boolean
      properties: Record<string, unknown>
    }
    expect(schema.$id).toBe(SCENARIO_SCHEMA_ID)
    expect(schema.required).toEqual(['gatehouse', 'name', 'steps'])
    expect(schema.additionalProperties).toBe(false)
  })
})
