import { useEffect, useMemo, useState } from 'react'
import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core'
import {
  IconExternalLink,
  IconPlayerPlay,
  IconPlayerTrackNext,
  IconPresentation,
  IconRefresh,
  IconRoute,
} from '@tabler/icons-react'
import type { AdminEvent } from '../../../../shared/admin-api'
import type { Run, RunStep } from '../../../../shared/runner-api'
import { openExternal } from '../../api/bridge'
import { useAdminEvents } from '../../api/events'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { navigate } from '../../shell/router'
import { SequenceDiagram } from '../flows/SequenceDiagram'
import { useFinishRun, useRun, useRunFlow, useStepAction } from './api'
import { claimsProblem, countEdits, draftOf, editsOf, type Draft } from './edits'
import { Presenter } from './Presenter'
import { StepList } from './StepList'
import { StepRequest } from './StepRequest'
import { StepResult } from './StepResult'

const STATUS_COLOR = {
  ready: 'gray',
  in_progress: 'blue',
  completed: 'teal',
  failed: 'red',
} as const

/** The step to show: the next one, else the last one sent. */
function defaultStep(run: Run): number {
  if (run.next !== null) return run.next
  const sent = run.steps.filter((step) => step.status === 'sent')
  return sent.at(-1)?.index ?? 0
}

function useRunEvents(runId: number, refetch: () => void) {
  useAdminEvents((event: AdminEvent) => {
    // Another window or `gatehouse run --url` may step the same run, or delete it.
    if (
      (event.type === 'run' && event.run.id === runId) ||
      (event.type === 'run-deleted' && event.id === runId)
    )
      refetch()
  })
}

export function RunStepper({ runId }: { runId: number }) {
  const query = useRun(runId)
  useRunEvents(runId, () => void query.refetch())
  if (query.isPending) return <Skeleton h={400} />
  if (query.isError) {
    return (
      <ApiErrorAlert
        error={query.error}
        title={`Run #${runId} could not be loaded`}
        onRetry={() => void query.refetch()}
      />
    )
  }
  return <RunScreen run={query.data} />
}

function RunScreen({ run }: { run: Run }) {
  const [selected, setSelected] = useState(() => defaultStep(run))
  const [presenting, setPresenting] = useState(false)
  const [rerunning, setRerunning] = useState(false)
  const step = run.steps[selected] ?? run.steps[0]!
  const [draft, setDraft] = useState<Draft>(() => draftOf(step.request))
  const action = useStepAction(run.id)
  const finish = useFinishRun(run.id)
  const flow = useRunFlow(run.flowId, run.updatedAt)

  // A new step to look at, or the same step rebuilt: start from its request as built.
  const requestKey = `${selected}:${JSON.stringify(step.request ?? null)}`
  useEffect(() => {
    setDraft(draftOf(step.request))
    setRerunning(false)
  }, [requestKey])

  const isNext = run.next === step.index
  const editable = (isNext && step.status === 'pending') || rerunning
  const edits = editsOf(step.request, draft)
  const editCount = countEdits(edits)
  const problem = claimsProblem(draft.claims)
  const external = step.name === 'sign-in' && step.status === 'pending'

  /**
   * Sends a step. The workbench moves on to what is next, except on a refusal (its Why is the
   * point) and in presenter mode, where the answer shows on the step's own screen first.
   */
  const send = (index: number, how: 'send' | 'rerun', withEdits = edits, stay = false) =>
    action.mutate(
      { index, action: how, edits: withEdits },
      {
        onSuccess: (sent: RunStep) => {
          setRerunning(false)
          const refused = sent.outcome === 'failed' && !sent.refusalExpected
          setSelected(stay || refused ? index : Math.min(index + 1, run.steps.length - 1))
        },
      },
    )

  const runExchanges = useMemo(() => {
    const ids = new Set(
      run.steps.map((s) => s.exchangeId).filter((id): id is number => id !== undefined),
    )
    return (flow.data?.exchanges ?? []).filter((exchange) => ids.has(exchange.id))
  }, [flow.data, run.steps])

  const diagram = runExchanges.length > 0 && (
    <Paper withBorder radius="md" p="md" className="gh-run-diagram" data-testid="run-diagram">
      <SequenceDiagram
        exchanges={runExchanges}
        selectedId={step.exchangeId ?? null}
        onOpen={(id) => {
          const found = run.steps.find((s) => s.exchangeId === id)
          if (found) setSelected(found.index)
        }}
        title={`Run #${run.id}: ${run.flow} for ${run.app}`}
      />
    </Paper>
  )

  return (
    <>
      <PageHeader
        title={`Run #${run.id} · ${run.flow}`}
        description={`${run.app}${run.user ? ` as ${run.user}` : ''}`}
        actions={
          <Group gap="xs">
            <Badge
              size="lg"
              variant="light"
              color={STATUS_COLOR[run.status]}
              data-testid="run-status"
            >
              {run.status.replace('_', ' ')}
            </Badge>
            <Button
              variant="default"
              leftSection={<IconPresentation size={16} />}
              onClick={() => setPresenting(true)}
              data-testid="run-present"
            >
              Present
            </Button>
            {run.flowId !== null && (
              <Button
                variant="default"
                leftSection={<IconRoute size={16} />}
                onClick={() => navigate('flows', String(run.flowId))}
              >
                Open in Flows
              </Button>
            )}
            <Button variant="subtle" onClick={() => navigate('run')}>
              New run
            </Button>
          </Group>
        }
      />
      <div className="gh-run-layout">
        <Paper withBorder radius="md" p="sm" className="gh-run-steps">
          <StepList run={run} selected={step.index} onSelect={setSelected} />
          <Button
            fullWidth
            mt="md"
            variant="light"
            leftSection={<IconPlayerTrackNext size={16} />}
            disabled={run.next === null || external}
            loading={finish.isPending}
            onClick={() =>
              finish.mutate(undefined, { onSuccess: (done) => setSelected(defaultStep(done)) })
            }
            data-testid="run-send-all"
          >
            Send all
          </Button>
        </Paper>
        <Stack gap="md" className="gh-run-main">
          <Paper withBorder radius="md" p="md" data-testid="run-current" data-step={step.name}>
            <Group justify="space-between" align="flex-start" mb="xs">
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={650}>
                  Step {step.index + 1} of {run.steps.length} ·{' '}
                  {step.status === 'pending' && isNext ? 'next' : step.status}
                </Text>
                <Title order={2} size="h3">
                  {step.title}
                </Title>
              </div>
              <Group gap="xs">
                {step.status === 'sent' && !rerunning && (
                  <Button
                    variant="default"
                    leftSection={<IconRefresh size={16} />}
                    onClick={() => setRerunning(true)}
                    data-testid="run-rerun"
                  >
                    Re-run from here
                  </Button>
                )}
              </Group>
            </Group>
            {step.explain?.narrative && (
              <Text size="sm" mb="md" className="gh-run-narrative">
                {step.explain.narrative}
              </Text>
            )}
            {step.status === 'skipped' ? (
              <Alert color="gray" title="Skipped">
                {step.note}
              </Alert>
            ) : (
              <StepRequest step={step} draft={draft} onDraft={setDraft} editable={editable} />
            )}
            {external && step.request && (
              <Alert color="blue" mt="md" title="Sign in yourself">
                Open the authorization URL in a browser, log in and approve. Gatehouse records the
                redirect back to the app; then pick up the code here.
                <Group mt="sm">
                  <Button
                    size="xs"
                    leftSection={<IconExternalLink size={14} />}
                    onClick={() => openExternal(step.request!.url)}
                  >
                    Open the authorization URL
                  </Button>
                </Group>
              </Alert>
            )}
            {editable && step.request && (
              <Group mt="md">
                <Button
                  leftSection={<IconPlayerPlay size={16} />}
                  onClick={() => send(step.index, rerunning ? 'rerun' : 'send')}
                  loading={action.isPending}
                  disabled={problem !== null}
                  data-testid="run-send"
                >
                  {external ? 'Pick up the code' : rerunning ? 'Re-send this step' : 'Send'}
                  {editCount > 0 ? ` with ${editCount} change${editCount === 1 ? '' : 's'}` : ''}
                </Button>
                {editCount > 0 && (
                  <Button variant="subtle" onClick={() => setDraft(draftOf(step.request))}>
                    Undo changes
                  </Button>
                )}
                {rerunning && (
                  <Button variant="subtle" onClick={() => setRerunning(false)}>
                    Cancel
                  </Button>
                )}
                {rerunning && (
                  <Text size="xs" c="dimmed">
                    The steps after this one start again.
                  </Text>
                )}
              </Group>
            )}
            {action.isError && (
              <Alert color="red" mt="md" title="Not sent">
                {action.error.message}
              </Alert>
            )}
          </Paper>
          {/* The diagram sits right under the Send button while stepping, so it can be
              watched growing; under a sent step's answer, the answer comes first. */}
          {step.status !== 'sent' && diagram}
          {step.status === 'sent' && (
            <StepResult key={`${step.index}:${step.exchangeId}`} step={step} />
          )}
          {step.status === 'sent' && diagram}
        </Stack>
      </div>
      {presenting && (
        <Presenter
          run={run}
          index={step.index}
          onIndex={setSelected}
          onSend={() => send(step.index, 'send', {}, true)}
          sending={action.isPending}
          onEdit={() => {
            // E: the step's edit form — for a step already sent, that is the re-run form.
            setPresenting(false)
            if (step.status === 'sent') setRerunning(true)
          }}
          onClose={() => setPresenting(false)}
        />
      )}
    </>
  )
}
