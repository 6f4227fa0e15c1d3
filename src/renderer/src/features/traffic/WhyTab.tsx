import { Alert, Anchor, Badge, Code, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconAlertTriangle, IconBolt, IconCheck, IconMinus, IconX } from '@tabler/icons-react'
import type { ExchangeDetail, StepRecord } from '../../../../shared/admin-api'
import { CatalogLinks } from '../errors/CatalogLinks'
import { stepLabel } from './format'

const OUTCOME = {
  passed: { color: 'teal', icon: IconCheck, label: 'passed' },
  failed: { color: 'red', icon: IconX, label: 'failed' },
  skipped: { color: 'gray', icon: IconMinus, label: 'skipped' },
} as const

function StepRow({ step, index }: { step: StepRecord; index: number }) {
  const look = OUTCOME[step.outcome]
  const StepIcon = look.icon
  const failed = step.outcome === 'failed'
  return (
    <div
      className="gh-step"
      data-outcome={step.outcome}
      data-testid={`why-step-${step.outcome}`}
      aria-label={`Step ${index + 1}, ${step.name}: ${look.label}`}
    >
      <ThemeIcon
        color={look.color}
        variant={failed ? 'filled' : 'light'}
        radius="xl"
        size={22}
        style={{ flex: 'none' }}
        aria-hidden
      >
        <StepIcon size={14} stroke={2.6} />
      </ThemeIcon>
      <div className="gh-step-name">
        <Text fw={600} size="sm" className="gh-mono" c={failed ? 'red' : undefined}>
          {step.name}
        </Text>
        {step.outcome !== 'passed' && (
          <Text size="xs" c={failed ? 'red' : 'dimmed'} fw={600}>
            {look.label}
          </Text>
        )}
      </div>
      <Text
        size="sm"
        className="gh-step-detail"
        c={step.outcome === 'skipped' ? 'dimmed' : undefined}
      >
        {step.detail}
      </Text>
      {step.error && (
        <Paper className="gh-step-error" radius="sm" px="sm" py={6}>
          <Text size="xs" c="dimmed" mb={2}>
            Salesforce answered {step.error.status} with
          </Text>
          <Code className="gh-step-error-code">
            {JSON.stringify({
              error: step.error.error,
              error_description: step.error.error_description,
            })}
          </Code>
        </Paper>
      )}
    </div>
  )
}

function FaultNote({ exchange }: { exchange: ExchangeDetail }) {
  if (!exchange.fault && !exchange.faultDetail) return null
  const detail = exchange.faultDetail
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconBolt size={20} />}
      title={`Fault rule applied: ${exchange.fault ?? 'fault'}`}
      data-testid="why-fault"
    >
      {detail ? (
        <Code block className="gh-mono">
          {JSON.stringify(detail, null, 2)}
        </Code>
      ) : (
        <Text size="sm">A fault rule touched this request.</Text>
      )}
    </Alert>
  )
}

/** The policy steps the endpoint ran, in order: why it answered as it did. */
export function WhyTab({ exchange }: { exchange: ExchangeDetail }) {
  const failed = exchange.steps.find((step) => step.outcome === 'failed')
  const counts = { passed: 0, failed: 0, skipped: 0 }
  for (const step of exchange.steps) counts[step.outcome] += 1
  return (
    <Stack gap="md">
      {failed ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={20} />}
          title={`Failed at ${stepLabel(failed.name)}`}
          data-testid="why-summary"
        >
          <Text size="sm">{failed.detail}</Text>
          {failed.error && (
            <Text size="sm" mt={4}>
              The client got <b>{failed.error.status}</b>{' '}
              <span className="gh-mono">{failed.error.error}</span>
              {failed.error.error_description ? `: ${failed.error.error_description}` : ''}
            </Text>
          )}
          <Anchor
            component="button"
            type="button"
            size="sm"
            mt={6}
            display="block"
            onClick={() => {
              // Scroll the detail pane only, not the page around it.
              const step = document.querySelector<HTMLElement>('.gh-step[data-outcome="failed"]')
              const viewport = step?.closest<HTMLElement>('.mantine-ScrollArea-viewport')
              if (!step || !viewport) return
              const offset = step.getBoundingClientRect().top - viewport.getBoundingClientRect().top
              viewport.scrollTo({ top: viewport.scrollTop + offset - 80, behavior: 'smooth' })
            }}
          >
            Show the failing step in the list
          </Anchor>
        </Alert>
      ) : exchange.outcome === 'failed' ? (
        <Alert color="orange" variant="light" title="Failed" data-testid="why-summary">
          <Text size="sm">
            No policy step failed; the answer was{' '}
            {exchange.failedStep ? stepLabel(exchange.failedStep) : `HTTP ${exchange.status}`}.
          </Text>
        </Alert>
      ) : exchange.steps.length > 0 ? (
        <Alert color="teal" variant="light" title="Every check passed" data-testid="why-summary">
          <Text size="sm">
            {counts.passed} {counts.passed === 1 ? 'step' : 'steps'} passed
            {counts.skipped ? `, ${counts.skipped} skipped (not relevant here)` : ''}.
          </Text>
        </Alert>
      ) : null}
      <FaultNote exchange={exchange} />
      <CatalogLinks exchange={exchange} />
      {exchange.steps.length === 0 ? (
        <Text size="sm" c="dimmed">
          This endpoint records no policy steps (it only serves a document or a page asset).
        </Text>
      ) : (
        <>
          <Group gap="xs">
            <Badge color="teal" variant="light">
              {counts.passed} passed
            </Badge>
            <Badge color="red" variant={counts.failed ? 'filled' : 'light'}>
              {counts.failed} failed
            </Badge>
            <Badge color="gray" variant="light">
              {counts.skipped} skipped
            </Badge>
          </Group>
          <div className="gh-steps" role="list" aria-label="Policy steps in order">
            {exchange.steps.map((step, index) => (
              <div role="listitem" key={`${step.name}-${index}`}>
                <StepRow step={step} index={index} />
              </div>
            ))}
          </div>
        </>
      )}
    </Stack>
  )
}
