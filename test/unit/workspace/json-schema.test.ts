import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { workspaceJsonSchema, WORKSPACE_SCHEMA_ID } from '../../../src/core/workspace'

const SCHEMA_FILE = new URL('../../../resources/workspace.schema.json', import.meta.url)

/**
 * resources/workspace.schema.json is generated from the zod schema. This test fails when the
 * file is stale; regenerate it with
 *   UPDATE_SCHEMA=1 npx vitest run test/unit/workspace/json-schema.test.ts
 */
describe('workspace JSON Schema', () => {
  const expected = JSON.stringify(workspaceJsonSchema(), null, 2) + '\n'

  it('matches resources/workspace.schema.json', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, expected)
    const onDisk = readFileSync(SCHEMA_FILE, 'utf8')
    expect(
      onDisk,
      'stale schema: run UPDATE_SCHEMA=1 npx vitest run ' +
        'test/unit/workspace/json-schema.test.ts',
    ).toBe(expected)
  })

  it('describes the input side: defaults optional, unknown fields refused', () => {
    const schema = workspaceJsonSchema() as {
      $id: string
      title: string
      required: string[]
      additionalProperties: boolean
      properties: Record<string, { required?: string[]; default?: unknown }>
    }
    expect(schema.$id).toBe(WORKSPACE_SCHEMA_ID)
    expect(schema.title).toBe('Gatehouse workspace')
    expect(schema.required).toEqual(['gatehouse', 'org'])
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties.org!.required).toEqual(['name'])
    expect(schema.properties.simulation!.default).toEqual({})
  })
})
