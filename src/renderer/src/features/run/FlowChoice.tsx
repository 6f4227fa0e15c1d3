import { Text, Tooltip, UnstyledButton } from '@mantine/core'
import type { RunFlowAvailability } from '../../../../shared/runner-api'

/** One flow to pick; a flow the app does not allow is greyed, with the setting that stops it. */
export function FlowChoice({
  flow,
  selected,
  onSelect,
}: {
  flow: RunFlowAvailability
  selected: boolean
  onSelect: () => void
}) {
  const disabled = flow.disabledBecause !== null
  const card = (
    <UnstyledButton
      className="gh-run-flow"
      data-selected={selected || undefined}
      data-disabled={disabled || undefined}
      disabled={disabled}
      onClick={onSelect}
      data-testid="run-flow"
      data-flow={flow.flow}
      aria-pressed={selected}
    >
      <Text fw={650} size="sm">
        {flow.title}
      </Text>
      <Text size="xs" c="dimmed" className="gh-mono">
        {flow.flow}
      </Text>
      <Text size="xs" mt={4} c={disabled ? 'dimmed' : undefined}>
        {disabled ? `Off: ${flow.disabledBecause}` : flow.summary}
      </Text>
    </UnstyledButton>
  )
  return disabled ? (
    <Tooltip label={flow.disabledBecause} multiline w={280}>
      <div>{card}</div>
    </Tooltip>
  ) : (
    card
  )
}
