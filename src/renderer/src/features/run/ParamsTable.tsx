import { ActionIcon, Button, Group, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import type { Row } from './edits'

/**
 * An editable name/value table (parameters or headers), each row with its one-line
 * explanation under it. Removing a row leaves the parameter out of the request.
 */
export function ParamsTable({
  label,
  rows,
  explain,
  onChange,
  readOnly,
  signedParam,
}: {
  label: string
  rows: Row[]
  explain: Record<string, string>
  onChange: (rows: Row[]) => void
  readOnly: boolean
  /** The parameter the runner signs from the claims (not edited here). */
  signedParam?: string
}) {
  const update = (index: number, row: Row) => onChange(rows.map((r, i) => (i === index ? row : r)))
  return (
    <div>
      <Table
        verticalSpacing={6}
        className="gh-run-params"
        aria-label={label}
        data-testid={`run-${label.toLowerCase()}`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="28%">{label === 'Headers' ? 'Header' : 'Parameter'}</Table.Th>
            <Table.Th>Value</Table.Th>
            {!readOnly && <Table.Th w={40} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => {
            const why = explain[row.name.toLowerCase()] ?? explain[row.name]
            const signed = row.name === signedParam
            return (
              <Table.Tr key={index} data-param={row.name}>
                <Table.Td valign="top">
                  {readOnly ? (
                    <Text size="sm" className="gh-mono">
                      {row.name}
                    </Text>
                  ) : (
                    <TextInput
                      size="xs"
                      className="gh-mono"
                      value={row.name}
                      aria-label={`${label} name ${index + 1}`}
                      onChange={(event) =>
                        update(index, { ...row, name: event.currentTarget.value })
                      }
                    />
                  )}
                </Table.Td>
                <Table.Td valign="top">
                  {readOnly || signed ? (
                    <Text size="sm" className="gh-mono gh-run-value">
                      {row.value}
                    </Text>
                  ) : (
                    <TextInput
                      size="xs"
                      className="gh-mono"
                      value={row.value}
                      aria-label={`${row.name || label} value`}
                      onChange={(event) =>
                        update(index, { ...row, value: event.currentTarget.value })
                      }
                    />
                  )}
                  {signed && (
                    <Text size="xs" c="dimmed" mt={2}>
                      Signed from the claims below when the step is sent.
                    </Text>
                  )}
                  {why && (
                    <Text size="xs" c="dimmed" mt={4} className="gh-run-why-line">
                      {why}
                    </Text>
                  )}
                </Table.Td>
                {!readOnly && (
                  <Table.Td valign="top">
                    <Tooltip label={`Leave ${row.name || 'this row'} out`}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${row.name}`}
                        onClick={() => onChange(rows.filter((_, i) => i !== index))}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                )}
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
      {!readOnly && (
        <Group mt={6}>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...rows, { name: '', value: '' }])}
          >
            Add {label === 'Headers' ? 'a header' : 'a parameter'}
          </Button>
        </Group>
      )}
    </div>
  )
}
