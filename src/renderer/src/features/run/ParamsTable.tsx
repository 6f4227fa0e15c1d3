import { Button, Group, Table } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import type { Row } from './edits'
import { ParamRow } from './ParamRow'

/**
 * An editable name/value table (parameters or headers), each row with its one-line
 * explanation under it, and a button to add a row.
 */
export function ParamsTable({
  label,
  rows,
  explain,
  onChange,
  readOnly,
  signedParam,
}: {
  label: 'Parameters' | 'Headers'
  rows: Row[]
  explain: Record<string, string>
  onChange: (rows: Row[]) => void
  readOnly: boolean
  /** The parameter the runner signs from the claims (not edited here). */
  signedParam?: string
}) {
  const headers = label === 'Headers'
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
            <Table.Th w="28%">{headers ? 'Header' : 'Parameter'}</Table.Th>
            <Table.Th>Value</Table.Th>
            {!readOnly && <Table.Th w={40} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <ParamRow
              key={index}
              row={row}
              label={label}
              why={explain[row.name.toLowerCase()] ?? explain[row.name]}
              readOnly={readOnly}
              signed={row.name === signedParam}
              onChange={(changed) => onChange(rows.map((r, i) => (i === index ? changed : r)))}
              onDrop={() => onChange(rows.filter((_, i) => i !== index))}
            />
          ))}
        </Table.Tbody>
      </Table>
      {!readOnly && (
        <Group mt={6}>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...rows, { name: '', value: '', added: true }])}
          >
            Add {headers ? 'a header' : 'a parameter'}
          </Button>
        </Group>
      )}
    </div>
  )
}
