/**
 * Monaco, bundled (no CDN loader): the core editor API, the editor features, the JSON language, and its workers as Vite `?worker` chunks (served from 'self', so
 * the page CSP's worker-src allows them). Imported only by the lazily loaded editor chunk.
 */
import * as monaco from 'monaco-editor/editor/editor.api'
// Monaco 0.57's JSON language pulls in every editor contribution through its worker
// helper (internal/common/workers). Loading them all here, before the first editor is
// created, registers their services in time; loaded later (with the JSON mode) they would
// log "depends on UNKNOWN service" errors. They are in this lazy chunk either way.
import 'monaco-editor/internal/common/workers'
import { jsonDefaults } from 'monaco-editor/languages/features/json/register'
import { loader } from '@monaco-editor/react'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/language/json/json.worker?worker'

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker }
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return label === 'json' ? new JsonWorker({ name: 'json' }) : new EditorWorker({ name: label })
  },
}

loader.config({ monaco })

/** JSON Schemas by the model URI they apply to; Monaco takes them all at once. */
const schemas = new Map<string, { uri: string; schema: unknown }>()

function applySchemas() {
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    trailingCommas: 'error',
    enableSchemaRequest: false,
    schemaValidation: 'error',
    schemas: [...schemas.entries()].map(([modelUri, entry]) => ({
      uri: entry.uri,
      fileMatch: [modelUri],
      schema: entry.schema,
    })),
  })
}
applySchemas()

/** Validates the model at `modelUri` against `schema` (replacing any earlier one for it). */
export function setJsonSchema(modelUri: string, schemaUri: string, schema: unknown | null) {
  if (schema === null) schemas.delete(modelUri)
  else schemas.set(modelUri, { uri: schemaUri, schema })
  applySchemas()
}

export { monaco }
