import { Code } from '@mantine/core'
import { CopyButton } from './CopyButton'

/** A block of code with a copy button (no syntax highlighting: nothing is loaded from the network). */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="gh-code-block">
      <Code block component="pre" aria-label={label}>
        {code}
      </Code>
      <CopyButton className="gh-code-copy" value={code} label={`Copy ${label}`} size="md" />
    </div>
  )
}
