import { Table, Text, Tooltip } from '@mantine/core'
import { TIME_CLAIMS, relativeTime } from './claims'

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Header members or claims: name, value (times in words too) and what each means. */
export function ClaimsTable({
  values,
  notes,
  nowSeconds,
  label,
}: {
  values: Record<string, unknown>
  notes: Record<string, string>
  nowSeconds: number
  label: string
}) {
  const entries = Object.entries(values)
  return (
    <Table
      verticalSpacing={6}
      horizontalSpacing="sm"
      layout="fixed"
      aria-label={label}
      data-testid={`jwt-${label.toLowerCase()}`}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={130}>Name</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th w="42%">Meaning</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map(([name, value]) => {
          const isTime =
            (TIME_CLAIMS as readonly string[]).includes(name) && typeof value === 'number'
          return (
            <Table.Tr key={name} data-claim={name}>
              <Table.Td className="gh-mono" fw={600} style={{ verticalAlign: 'top' }}>
                {name}
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top', wordBreak: 'break-all' }}>
                {isTime ? (
                  <Tooltip label={`${value} (seconds since 1970)`}>
                    <div>
                      <Text size="sm" className="gh-mono">
                        {new Date((value as number) * 1000).toISOString().replace('.000Z', 'Z')}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {relativeTime(value as number, nowSeconds)}
                      </Text>
                    </div>
                  </Tooltip>
                ) : (
                  <Text size="sm" className="gh-mono">
                    {formatValue(value)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Text size="sm" c={notes[name] ? undefined : 'dimmed'}>
                  {notes[name] ?? 'Not a registered claim: an app-specific value.'}
                </Text>
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}
