import { useEffect, useState } from 'react'
import { Alert, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconPlayerTrackNext, IconRefresh } from '@tabler/icons-react'
import type { AdminEvent } from '../../../../shared/admin-api'
import type { Run, RunStep } from '../../../../shared/runner-api'
import { useAdminEvents } from '../../api/events'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { useFinishRun, useRun, useStepAction } from './api'
import { claimsProblem, countEdits, draftOf, editsOf, type Draft } from './edits'
import { Presenter } from './Presenter'
import { RunDiagram } from './RunDiagram'
import { RunHeader } from './RunHeader'
import { SelfSignIn } from './SelfSignIn'
import { SendBar } from './SendBar'
import { StepList } from './StepList'
import { StepRequest } from './StepRequest'
import { StepResult } from './StepResult'

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

  // A new step to look at, or the same step rebuilt: start from its request as built, and
  // forget the last step's "Not sent".
  const requestKey = `${selected}:${JSON.stringify(step.request ?? null)}`
  const resetAction = action.reset
  useEffect(() => {
    setDraft(draftOf(step.request))
    setRerunning(false)
    resetAction()
  }, [requestKey])

  const isNext = run.next === step.index
  const editable = (isNext && step.status === 'pending') || rerunning
  const edits = editsOf(step.request, draft)
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

  const diagram = (
    <RunDiagram run={run} selectedExchangeId={step.exchangeId ?? null} onSelectStep={setSelected} />
  )

  return (
    <>
      <RunHeader run={run} onPresent={() => setPresenting(true)} />
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
            {external && step.request && <SelfSignIn url={step.request.url} />}
            {editable && step.request && (
              <SendBar
                editCount={countEdits(edits)}
                rerunning={rerunning}
                external={external}
                sending={action.isPending}
                blocked={claimsProblem(draft.claims) !== null}
                onSend={() => send(step.index, rerunning ? 'rerun' : 'send')}
                onUndo={() => setDraft(draftOf(step.request))}
                onCancel={() => setRerunning(false)}
              />
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
