import { useEffect, useRef } from 'react'
import { useComputedColorScheme } from '@mantine/core'
import Editor from '@monaco-editor/react'
import type { OnMount } from '@monaco-editor/react'
import { monaco, setJsonSchema } from './setup'

export type MonacoEditor = monaco.editor.IStandaloneCodeEditor

/** A problem Monaco found in the document (schema or syntax), 1-based positions. */
export interface EditorProblem {
  message: string
  severity: 'error' | 'warning' | 'info'
  line: number
  column: number
  endLine: number
  endColumn: number
}

/** Where a server-side issue should be drawn: a range and a message. */
export interface EditorMarker {
  message: string
  line: number
  column: number
  endLine: number
  endColumn: number
}

export interface JsonEditorProps {
  /** Identifies the document (model URI path), e.g. "workspace.json". */
  path: string
  value: string
  onChange?: (value: string) => void
  /** JSON Schema to validate against as the user types. */
  schema?: unknown
  height?: number | string
  readOnly?: boolean
  /** Accessible name of the editor's text area. */
  label: string
  onProblems?: (problems: EditorProblem[]) => void
  /** Extra markers (e.g. issues the server reported on Apply). */
  markers?: EditorMarker[]
  onEditor?: (editor: MonacoEditor | null) => void
  /** `plaintext` for a body that is not JSON (a form-encoded request body). */
  language?: 'json' | 'plaintext'
}

const MARKER_OWNER = 'gatehouse-server'

function severityOf(severity: monaco.MarkerSeverity): EditorProblem['severity'] {
  if (severity === monaco.MarkerSeverity.Error) return 'error'
  if (severity === monaco.MarkerSeverity.Warning) return 'warning'
  return 'info'
}

/** Monaco editing JSON, themed with the workbench, validated against an optional schema. */
export default function JsonEditor({
  path,
  value,
  onChange,
  schema,
  height = 420,
  readOnly = false,
  label,
  onProblems,
  markers,
  onEditor,
  language = 'json',
}: JsonEditorProps) {
  const scheme = useComputedColorScheme('light')
  const editorRef = useRef<MonacoEditor | null>(null)
  const modelUri = `inmemory://gatehouse/${path}`
  const problemsRef = useRef(onProblems)
  problemsRef.current = onProblems

  useEffect(() => {
    if (schema === undefined) return
    setJsonSchema(modelUri, `https://gatehouse.local/schema/${path}`, schema)
    return () => setJsonSchema(modelUri, '', null)
  }, [modelUri, path, schema])

  useEffect(() => {
    const model = monaco.editor.getModel(monaco.Uri.parse(modelUri))
    if (!model) return
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      (markers ?? []).map((marker) => ({
        severity: monaco.MarkerSeverity.Error,
        message: marker.message,
        startLineNumber: marker.line,
        startColumn: marker.column,
        endLineNumber: marker.endLine,
        endColumn: marker.endColumn,
        source: 'Gatehouse',
      })),
    )
  }, [markers, modelUri])

  useEffect(() => () => onEditor?.(null), [onEditor])

  const onMount: OnMount = (editor) => {
    editorRef.current = editor
    onEditor?.(editor)
  }

  return (
    <Editor
      path={modelUri}
      language={language}
      value={value}
      theme={scheme === 'dark' ? 'vs-dark' : 'vs'}
      height={height}
      onChange={(next) => onChange?.(next ?? '')}
      onMount={onMount}
      onValidate={(list) =>
        problemsRef.current?.(
          list
            .filter((marker) => marker.owner !== MARKER_OWNER)
            .map((marker) => ({
              message: marker.message,
              severity: severityOf(marker.severity),
              line: marker.startLineNumber,
              column: marker.startColumn,
              endLine: marker.endLineNumber,
              endColumn: marker.endColumn,
            })),
        )
      }
      loading={null}
      options={{
        readOnly,
        ariaLabel: label,
        minimap: { enabled: false },
        fontSize: 14,
        lineHeight: 21,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        renderLineHighlight: 'line',
        fixedOverflowWidgets: true,
        wordWrap: 'on',
        glyphMargin: false,
        overviewRulerBorder: false,
        hideCursorInOverviewRuler: true,
        scrollbar: { verticalScrollbarSize: 12, horizontalScrollbarSize: 12 },
        folding: true,
        lineNumbersMinChars: 3,
        padding: { top: 8, bottom: 8 },
      }}
    />
  )
}
