import { ActionIcon, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { IconArrowBackUp, IconTrash } from '@tabler/icons-react'
import type { Row } from './edits'

/**
 * One row of a params or headers table: name, value and its one-line explanation. A removed
 * row stays, struck through, with a way to put it back — so the edit about to be sent is
 * visible, not just counted.
 */
export function ParamRow({
  row,
  label,
  why,
  readOnly,
  signed,
  onChange,
  onDrop,
}: {
  row: Row
  /** "Parameters" or "Headers", for the inputs' accessible names. */
  label: string
  why: string | undefined
  readOnly: boolean
  /** The parameter the runner signs from the claims (not edited here). */
  signed: boolean
  onChange: (row: Row) => void
  onDrop: () => void
}) {
  const struck = row.removed === true
  const plain = readOnly || struck
  return (
    <Table.Tr data-param={row.name} data-removed={struck || undefined}>
      <Table.Td>
        {plain ? (
          <Text size="sm" className="gh-mono gh-run-cell" td={struck ? 'line-through' : undefined}>
            {row.name}
          </Text>
        ) : (
          <TextInput
            size="xs"
            className="gh-mono"
            value={row.name}
            aria-label={`${label} name`}
            onChange={(event) => onChange({ ...row, name: event.currentTarget.value })}
          />
        )}
      </Table.Td>
      <Table.Td>
        {plain || signed ? (
          <Text
            size="sm"
            className="gh-mono gh-run-value gh-run-cell"
            td={struck ? 'line-through' : undefined}
          >
            {row.value}
          </Text>
        ) : (
          <TextInput
            size="xs"
            className="gh-mono"
            value={row.value}
            aria-label={`${row.name || label} value`}
            onChange={(event) => onChange({ ...row, value: event.currentTarget.value })}
          />
        )}
        {struck ? (
          <Text size="xs" c="red" mt={4}>
            Left out of the request.
          </Text>
        ) : (
          signed && (
            <Text size="xs" c="dimmed" mt={4}>
              Signed from the claims when the step is sent.
            </Text>
          )
        )}
        {why && (
          <Text size="xs" c="dimmed" mt={4} className="gh-run-why-line">
            {why}
          </Text>
        )}
      </Table.Td>
      {!readOnly && (
        <Table.Td>
          {struck ? (
            <Tooltip label={`Put ${row.name} back`}>
              <ActionIcon
                variant="subtle"
                aria-label={`Put back ${row.name}`}
                onClick={() => onChange({ ...row, removed: false })}
              >
                <IconArrowBackUp size={16} />
              </ActionIcon>
            </Tooltip>
          ) : (
            <Tooltip label={`Leave ${row.name || 'this row'} out`}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${row.name}`}
                onClick={() => (row.added ? onDrop() : onChange({ ...row, removed: true }))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  )
}
