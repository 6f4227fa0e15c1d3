import { Alert, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core'
import { IconCheck, IconPlayerTrackNext, IconRoute, IconX } from '@tabler/icons-react'
import type { ReproducedStep, Reproduction } from '../../../../shared/catalog-api'
import { navigate } from '../../shell/router'

/**
 * What the reproduction answered, step by step, against what the catalog says; the way on to
 * the run (every exchange, one at a time) and to the flow in Flows.
 */
export function ReproductionResult({ result }: { result: Reproduction }) {
  const passed = result.status === 'passed'
  const lastRun = result.runIds.at(-1)
  const lastFlow = result.flowIds.at(-1)
  return (
    <Paper withBorder radius="md" p="lg" data-testid="errors-result" data-status={result.status}>
      <Alert
        color={passed ? 'teal' : 'orange'}
        variant="light"
        icon={passed ? <IconCheck size={20} /> : <IconX size={20} />}
        title={
          passed
            ? 'Reproduced: Gatehouse answered what the catalog says'
            : result.status === 'error'
              ? 'Could not play every step'
              : 'Reproduced, but the answer differs from the catalog'
        }
      >
        <Text size="sm">
          Put back afterwards: {result.restored.join('; ')}. The runs and exchanges stay in the Run
          view, Traffic and Flows.
        </Text>
      </Alert>
      <Stack gap="sm" mt="md">
        {result.steps.map((step) => (
          <StepOutcome key={step.index} step={step} />
        ))}
      </Stack>
      <Group gap="xs" mt="md">
        {lastRun !== undefined && (
          <Button
            leftSection={<IconPlayerTrackNext size={16} />}
            onClick={() => navigate('run', String(lastRun))}
            data-testid="errors-open-run"
          >
            Step through run #{lastRun}
          </Button>
        )}
        {lastFlow !== undefined && (
          <Button
            variant="default"
            leftSection={<IconRoute size={16} />}
            onClick={() => navigate('flows', String(lastFlow))}
            data-testid="errors-open-flow"
          >
            Open in Flows
          </Button>
        )}
      </Group>
    </Paper>
  )
}

function StepOutcome({ step }: { step: ReproducedStep }) {
  const ok = !step.error && step.expectations.every((e) => e.pass)
  return (
    <div className="gh-errors-step" data-testid="errors-step" data-pass={ok}>
      <Group gap="xs">
        <Badge color={ok ? 'teal' : 'red'} variant="light" size="sm">
          {ok ? 'as expected' : step.error ? 'not played' : 'differs'}
        </Badge>
        <Text size="sm" fw={600}>
          {step.index + 1}. {step.label}
        </Text>
        {step.checked && (
          <Text size="xs" c="dimmed">
            checked at the {step.checked} step
          </Text>
        )}
        {step.failedStep && (
          <Badge variant="outline" color="gray" size="sm" tt="none" className="gh-mono">
            {step.failedStep}
          </Badge>
        )}
      </Group>
      {step.error && (
        <Text size="sm" c="red" mt={4}>
          {step.error}
        </Text>
      )}
      {step.expectations.length > 0 && (
        <Table fz="xs" mt={6} withRowBorders={false} className="gh-errors-expect">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Catalog</Table.Th>
              <Table.Th>Answered</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {step.expectations.map((e) => (
              <Table.Tr key={e.field} data-pass={e.pass}>
                <Table.Td className="gh-mono">{e.field}</Table.Td>
                <Table.Td className="gh-mono">{e.expected}</Table.Td>
                <Table.Td className="gh-mono" c={e.pass ? undefined : 'red'}>
                  {e.got}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  )
}
