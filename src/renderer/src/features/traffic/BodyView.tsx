import { useState } from 'react'
import { Group, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import type { CapturedBody, HeaderMap } from '../../../../shared/admin-api'
import { CodeBlock } from '../../components/CodeBlock'
import { bodyKind, formFields, formatBytes, headerEntries, prettyJson } from './format'

export function HeadersTable({ headers, label }: { headers: HeaderMap; label: string }) {
  const rows = headerEntries(headers)
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No headers.
      </Text>
    )
  }
  return (
    <Table
      className="gh-kv-table"
      verticalSpacing={4}
      horizontalSpacing="sm"
      withRowBorders={false}
      aria-label={label}
    >
      <Table.Tbody>
        {rows.map(([name, value], index) => (
          <Table.Tr key={`${name}-${index}`}>
            <Table.Td className="gh-kv-key">{name}</Table.Td>
            <Table.Td className="gh-mono">{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function BodyNote({ body }: { body: CapturedBody }) {
  const notes = [body.contentType ?? 'no content type', formatBytes(body.bytes)]
  if (body.truncated) notes.push(`cut at ${formatBytes(body.capBytes)}`)
  if (body.note === 'form-reencoded') notes.push('form fields as parsed')
  if (body.note === 'json-reencoded') notes.push('JSON as parsed')
  if (body.note === 'stream') notes.push('streamed, bytes not kept')
  if (body.encoding === 'base64') notes.push('binary (base64)')
  return (
    <Text size="xs" c="dimmed" className="gh-mono" style={{ flex: 1, minWidth: 0 }}>
      {notes.join(' · ')}
    </Text>
  )
}

/** A body: pretty JSON, form fields, HTML source or text — and always the raw bytes. */
export function BodyView({ body, label }: { body: CapturedBody | null; label: string }) {
  const [mode, setMode] = useState<'pretty' | 'raw'>('pretty')
  if (!body || (!body.text && body.bytes === 0)) {
    return (
      <Text size="sm" c="dimmed">
        No body.
      </Text>
    )
  }
  const kind = bodyKind(body)
  const canPretty = kind === 'json' || kind === 'form'
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="nowrap">
        <BodyNote body={body} />
        {canPretty && (
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(value) => setMode(value as 'pretty' | 'raw')}
            data={[
              { value: 'pretty', label: kind === 'json' ? 'Pretty' : 'Fields' },
              { value: 'raw', label: 'Raw' },
            ]}
            aria-label={`${label} view`}
            style={{ flex: 'none' }}
          />
        )}
      </Group>
      {mode === 'pretty' && kind === 'form' ? (
        <Table
          className="gh-kv-table"
          verticalSpacing={4}
          horizontalSpacing="sm"
          withRowBorders={false}
          aria-label={`${label} fields`}
        >
          <Table.Tbody>
            {formFields(body.text).map(([name, value], index) => (
              <Table.Tr key={`${name}-${index}`}>
                <Table.Td className="gh-kv-key">{name}</Table.Td>
                <Table.Td className="gh-mono">{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <div className="gh-body-code">
          <CodeBlock
            code={mode === 'pretty' && kind === 'json' ? prettyJson(body.text) : body.text}
            label={label}
          />
        </div>
      )}
    </Stack>
  )
}
