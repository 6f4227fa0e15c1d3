import { z } from 'zod'
import { workspaceSchema } from './schema'

export const WORKSPACE_SCHEMA_ID = 'urn:gatehouse:workspace:1'

/**
 * JSON Schema for workspace files, generated from the zod schema so the two cannot drift.
 * It describes the input side: fields with defaults are optional, as in a file a person writes.
 * The UI's editor validates against it; resources/workspace.schema.json is a copy (kept fresh by
 * test/unit/workspace/json-schema.test.ts). Rules between fields (references, uniqueness) are
 * not expressible here and are checked by parseWorkspace only.
 */
export function workspaceJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(workspaceSchema, { io: 'input' }) as Record<string, unknown>
  const { $schema, ...rest } = generated
  return { $schema, $id: WORKSPACE_SCHEMA_ID, title: 'Gatehouse workspace', ...rest }
}
