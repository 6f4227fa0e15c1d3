import { Kbd, Loader, Portal } from '@mantine/core'
import type { Run, RunStep } from '../../../../shared/runner-api'
import { PresenterAnswer } from './PresenterAnswer'
import { PresenterValues } from './PresenterValues'
import { keyParams } from './showValues'
import { usePresenterKeys } from './usePresenterKeys'

/** A dot per step: where the run is, at a glance from the back of the room. */
function Progress({ run, index }: { run: Run; index: number }) {
  return (
    <ol className="gh-present-progress" aria-label="Steps">
      {run.steps.map((step) => (
        <li
          key={step.index}
          data-current={step.index === index || undefined}
          data-state={
            step.status === 'sent' ? (step.outcome === 'failed' ? 'failed' : 'ok') : step.status
          }
          title={step.title}
        />
      ))}
    </ol>
  )
}

function Request({ step }: { step: RunStep }) {
  if (step.status === 'skipped') return <p className="gh-present-dim">Skipped: {step.note}</p>
  if (!step.request) return <p className="gh-present-dim">{step.note}</p>
  const url = new URL(step.request.url)
  return (
    <section className="gh-present-request">
      <h3>
        <span className="gh-present-method">{step.request.method}</span> {url.pathname}
      </h3>
      <PresenterValues values={keyParams(step.request.params)} />
    </section>
  )
}

/**
 * Presenter mode for trainers: one step per screen in large type — what happens and why, the
 * request's key parameters and what came back. Keyboard only: → sends the step (its answer
 * then shows on the same screen) or moves on, ← goes back, E edits the step, Esc leaves.
 */
export function Presenter({
  run,
  index,
  onIndex,
  onSend,
  sending,
  onEdit,
  onClose,
}: {
  run: Run
  index: number
  onIndex: (index: number) => void
  onSend: () => void
  sending: boolean
  onEdit: () => void
  onClose: () => void
}) {
  const step = run.steps[index]!
  const canSend = run.next === index && step.request !== undefined && !sending
  // A refusal ends the run (until a step is re-run): nothing after it has been built.
  const stopped = step.outcome === 'failed' && !step.refusalExpected
  const canMove = step.status !== 'pending' && !stopped && index + 1 < run.steps.length
  const nextLabel = canSend
    ? 'send'
    : canMove
      ? 'next step'
      : stopped
        ? 'the run stopped here'
        : run.next === index
          ? 'not ready yet'
          : 'end of the run'
  usePresenterKeys({
    onNext: () => {
      if (canSend) onSend()
      else if (canMove) onIndex(index + 1)
    },
    onBack: () => {
      if (index > 0) onIndex(index - 1)
    },
    onEdit,
    onLeave: onClose,
  })
  return (
    <Portal>
      <div
        className="gh-present"
        role="dialog"
        aria-modal="true"
        aria-label="Presenter mode"
        data-testid="presenter"
        data-step={step.name}
      >
        <header className="gh-present-head">
          <span>
            {run.flow} · {run.app}
            {run.user ? ` · ${run.user}` : ''}
          </span>
          <span className="gh-present-where">
            <Progress run={run} index={index} />
            Step {index + 1} of {run.steps.length}
          </span>
        </header>
        <main className="gh-present-body">
          <h2>{step.title}</h2>
          <p className="gh-present-narrative">{step.explain?.narrative}</p>
          <div className="gh-present-columns">
            <Request step={step} />
            {step.status === 'sent' ? (
              <PresenterAnswer step={step} />
            ) : (
              sending && run.next === index && <Loader size="xl" color="gray" type="dots" />
            )}
          </div>
        </main>
        <footer className="gh-present-foot">
          <span data-off={!canSend && !canMove ? true : undefined}>
            <Kbd>→</Kbd> {nextLabel}
          </span>
          <span data-off={index === 0 || undefined}>
            <Kbd>←</Kbd> back
          </span>
          <span>
            <Kbd>E</Kbd> edit this step
          </span>
          <span>
            <Kbd>Esc</Kbd> leave
          </span>
        </footer>
      </div>
    </Portal>
  )
}
