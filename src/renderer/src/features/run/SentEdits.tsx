import { Alert } from '@mantine/core'
import type { RunStepEdits } from '../../../../shared/runner-api'

/** In words: what the person changed before this step was sent. */
export function describeEdits(edits: RunStepEdits): string[] {
  const lines: string[] = []
  for (const [name, value] of Object.entries(edits.params ?? {}))
    lines.push(`set ${name} = ${value}`)
  for (const name of edits.removeParams ?? []) lines.push(`left out ${name}`)
  for (const [name, value] of Object.entries(edits.headers ?? {})) {
    lines.push(value === null ? `removed header ${name}` : `set header ${name}: ${value}`)
  }
  for (const [name, value] of Object.entries(edits.claims ?? {})) {
    lines.push(
      value === null ? `removed claim ${name}` : `claim ${name} = ${JSON.stringify(value)}`,
    )
  }
  if (edits.body !== undefined) lines.push('replaced the raw body')
  return lines
}

/** A sent step's edits, so a refusal is read next to what caused it. */
export function SentEdits({ edits }: { edits: RunStepEdits | undefined }) {
  const lines = edits ? describeEdits(edits) : []
  if (!lines.length) return null
  return (
    <Alert
      color="orange"
      variant="light"
      title="Sent with your changes"
      data-testid="run-sent-edits"
    >
      {lines.join(' · ')}
    </Alert>
  )
}
