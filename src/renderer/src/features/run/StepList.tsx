import { Badge, Stack, Text, UnstyledButton } from '@mantine/core'
import type { Run, RunStep } from '../../../../shared/runner-api'

function stepState(step: RunStep, run: Run): { label: string; color: string } {
  if (step.status === 'skipped') return { label: 'skipped', color: 'gray' }
  if (step.status === 'pending') {
    return run.next === step.index
      ? { label: 'next', color: 'blue' }
      : { label: 'pending', color: 'gray' }
  }
  if (step.outcome === 'failed') {
    return step.refusalExpected
      ? { label: `${step.response?.status} expected`, color: 'yellow' }
      : { label: `${step.response?.status}`, color: 'red' }
  }
  return { label: `${step.response?.status ?? 'sent'}`, color: 'teal' }
}

/** The run's steps in order, with what became of each; click one to look at it. */
export function StepList({
  run,
  selected,
  onSelect,
}: {
  run: Run
  selected: number
  onSelect: (index: number) => void
}) {
  return (
    <Stack gap={4} role="list" aria-label="Steps">
      {run.steps.map((step) => {
        const state = stepState(step, run)
        return (
          <UnstyledButton
            key={step.index}
            role="listitem"
            className="gh-run-step"
            data-selected={step.index === selected || undefined}
            data-status={step.status}
            data-testid="run-step"
            data-step={step.name}
            aria-current={step.index === selected ? 'step' : undefined}
            onClick={() => onSelect(step.index)}
          >
            <Text size="xs" c="dimmed" className="gh-mono" w={18}>
              {step.index + 1}
            </Text>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text
                size="sm"
                fw={600}
                lineClamp={2}
                lh={1.3}
                td={step.status === 'skipped' ? 'line-through' : undefined}
              >
                {step.title}
              </Text>
              <Text size="xs" c="dimmed" className="gh-mono">
                {step.name}
                {step.failedStep && !step.refusalExpected ? ` · ${step.failedStep}` : ''}
              </Text>
            </div>
            <Badge
              size="sm"
              variant={state.label === 'next' ? 'filled' : 'light'}
              color={state.color}
            >
              {state.label}
            </Badge>
          </UnstyledButton>
        )
      })}
    </Stack>
  )
}
