import { useState } from 'react'
import { Alert, Group, Paper, Text } from '@mantine/core'
import type { RunStep } from '../../../../shared/runner-api'
import { ExchangeDetailPane, type DetailTab } from '../traffic/ExchangeDetail'

/** Values a step handed on, shortened: a person recognises a token, they do not read it. */
export function shortValue(value: string): string {
  return value.length > 40 ? `${value.slice(0, 18)}…${value.slice(-8)}` : value
}

const HANDED_ON = [
  'code',
  'access_token',
  'refresh_token',
  'id_token',
  'device_code',
  'user_code',
  'state',
  'error',
  'error_description',
]

/**
 * What came back for a sent step: what it hands on, and the recorded exchange with the
 * same Response, Why and Tokens tabs as the Traffic view.
 */
export function StepResult({ step }: { step: RunStep }) {
  const [tab, setTab] = useState<DetailTab>(step.outcome === 'failed' ? 'why' : 'response')
  const handed = Object.entries(step.handsOn ?? {}).filter(([name]) => HANDED_ON.includes(name))
  return (
    <Paper
      withBorder
      radius="md"
      className="gh-run-result"
      data-testid="run-result"
      data-outcome={step.outcome}
    >
      {handed.length > 0 && (
        <Group gap="lg" px="md" pt="sm" className="gh-run-handed">
          <Text size="xs" fw={650} c="dimmed" tt="uppercase">
            Hands on
          </Text>
          {handed.map(([name, value]) => (
            <Text key={name} size="sm" className="gh-mono">
              <span className="gh-run-handed-name">{name}</span> {shortValue(value)}
            </Text>
          ))}
        </Group>
      )}
      {step.exchangeId ? (
        <ExchangeDetailPane id={step.exchangeId} tab={tab} onTab={setTab} showFlowLink={false} />
      ) : (
        <Alert color="gray" m="md" title={`HTTP ${step.response?.status}`}>
          This exchange was not recorded (the recorder is off), so there is no Why to show.
        </Alert>
      )}
    </Paper>
  )
}
