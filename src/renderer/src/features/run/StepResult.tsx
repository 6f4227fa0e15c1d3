import { useState } from 'react'
import { Alert, Paper, Text } from '@mantine/core'
import type { RunStep } from '../../../../shared/runner-api'
import { ExchangeDetailPane, type DetailTab } from '../traffic/ExchangeDetail'
import { handedOn, shortValue } from './showValues'

/**
 * What came back for a sent step: what it hands on, and the recorded exchange with the
 * same Response, Why and Tokens tabs as the Traffic view.
 */
export function StepResult({ step }: { step: RunStep }) {
  const [tab, setTab] = useState<DetailTab>(step.outcome === 'failed' ? 'why' : 'response')
  const handed = handedOn(step.handsOn, true)
  return (
    <Paper
      withBorder
      radius="md"
      className="gh-run-result"
      data-testid="run-result"
      data-outcome={step.outcome}
    >
      {handed.length > 0 && (
        <div className="gh-run-handed" data-testid="run-handed">
          <Text size="xs" fw={650} c="dimmed" tt="uppercase" title="Values later steps use">
            Hands on
          </Text>
          <div className="gh-run-handed-values">
            {handed.map(([name, value]) => (
              <Text key={name} size="sm" className="gh-mono" title={value}>
                <span className="gh-run-handed-name">{name}</span> {shortValue(value)}
              </Text>
            ))}
          </div>
        </div>
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
