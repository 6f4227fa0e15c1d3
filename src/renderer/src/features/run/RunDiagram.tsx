import { useMemo } from 'react'
import { Paper } from '@mantine/core'
import type { Run } from '../../../../shared/runner-api'
import { SequenceDiagram } from '../flows/SequenceDiagram'
import { useRunFlow } from './api'

/**
 * The run's exchanges as a sequence diagram (the Flows view's), redrawn as steps are sent.
 * Only this run's exchanges: its flow in the trace may hold others (a callback the app got).
 */
export function RunDiagram({
  run,
  selectedExchangeId,
  onSelectStep,
}: {
  run: Run
  selectedExchangeId: number | null
  onSelectStep: (index: number) => void
}) {
  const flow = useRunFlow(run.flowId, run.updatedAt)
  const exchanges = useMemo(() => {
    const ids = new Set(run.steps.map((step) => step.exchangeId))
    return (flow.data?.exchanges ?? []).filter((exchange) => ids.has(exchange.id))
  }, [flow.data, run.steps])
  if (exchanges.length === 0) return null
  return (
    <Paper withBorder radius="md" p="md" className="gh-run-diagram" data-testid="run-diagram">
      <SequenceDiagram
        exchanges={exchanges}
        selectedId={selectedExchangeId}
        onOpen={(id) => {
          const found = run.steps.find((step) => step.exchangeId === id)
          if (found) onSelectStep(found.index)
        }}
        title={`Run #${run.id}: ${run.flow} for ${run.app}`}
      />
    </Paper>
  )
}
