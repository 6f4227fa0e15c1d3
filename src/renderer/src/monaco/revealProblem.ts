import type { MonacoEditor } from './JsonEditor'

/** Moves the cursor to a position and focuses the editor (no Monaco import: safe to use eagerly). */
export function revealPosition(editor: MonacoEditor, line: number, column: number) {
  editor.revealLineInCenter(line)
  editor.setPosition({ lineNumber: line, column })
  editor.focus()
}
