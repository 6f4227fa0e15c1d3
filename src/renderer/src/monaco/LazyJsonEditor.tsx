import './editor.css'
import { lazy, Suspense } from 'react'
import { Center, Loader, Paper } from '@mantine/core'
import type { JsonEditorProps } from './JsonEditor'

const JsonEditor = lazy(() => import('./JsonEditor'))

export type { EditorMarker, EditorProblem, JsonEditorProps, MonacoEditor } from './JsonEditor'

/**
 * The JSON editor, loaded on first use: Monaco is a large chunk, so the first screen does not
 * pay for it. Framed with a border like the rest of the workbench.
 */
export function LazyJsonEditor(props: JsonEditorProps) {
  const height = props.height ?? 420
  return (
    <Paper withBorder radius="md" className="gh-monaco-frame" style={{ overflow: 'hidden' }}>
      <Suspense
        fallback={
          <Center h={height} aria-label="Loading the editor">
            <Loader size="sm" />
          </Center>
        }
      >
        <JsonEditor {...props} />
      </Suspense>
    </Paper>
  )
}
