import { useEffect } from 'react'
import { Kbd, Loader, Portal } from '@mantine/core'
import type { Run, RunStep } from '../../../../shared/runner-api'
import { shortValue } from './StepResult'

// Parameters that tell the story of a step; the rest stay in the normal view.
const KEY_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'code_challenge',
  'grant_type',
  'code',
  'code_verifier',
  'client_secret',
  'username',
  'refresh_token',
  'assertion',
  'decision',
  'user_code',
  'device_code',
  'subject_token',
  'token',
  'q',
]
const HANDED_ON = [
  'code',
  'access_token',
  'refresh_token',
  'id_token',
  'device_code',
  'user_code',
  'error',
  'error_description',
]
const SECRET = /secret|password|token|assertion|verifier|^code$/

function shown(name: string, value: string): string {
  if (name === 'password') return '•'.repeat(Math.min(value.length, 12))
  return SECRET.test(name)
    ? shortValue(value)
    : value.length > 60
      ? `${value.slice(0, 57)}…`
      : value
}

function Answer({ step }: { step: RunStep }) {
  const response = step.response!
  const refused = step.outcome === 'failed'
  const failed = step.why?.find((s) => s.outcome === 'failed')
  const handed = Object.entries(step.handsOn ?? {}).filter(([name]) => HANDED_ON.includes(name))
  return (
    <section className="gh-present-answer" data-refused={refused || undefined}>
      <h3>
        The answer: <span className="gh-present-status">{response.status}</span>
        {refused && step.refusalExpected ? ' — expected here' : refused ? ' — refused' : ''}
      </h3>
      {failed && (
        <p className="gh-present-why">
          <strong>{failed.name}</strong>: {failed.detail}
        </p>
      )}
      {handed.length > 0 && (
        <ul className="gh-present-params">
          {handed.map(([name, value]) => (
            <li key={name}>
              <code>{name}</code> {shown(name, value)}
            </li>
          ))}
        </ul>
      )}
      {response.location && !handed.length && (
        <p className="gh-present-dim">Redirect to {new URL(response.location).pathname}</p>
      )}
    </section>
  )
}

/**
 * Presenter mode for trainers: one step per screen in large type — what happens and why, the
 * request's key parameters and what came back. Keyboard only: → sends the next step (or moves
 * on), ← goes back, E edits the step, Esc leaves.
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
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
      else if (event.key === 'ArrowRight') {
        if (run.next === index && step.request && !sending) onSend()
        else if (step.status !== 'pending' && index + 1 < run.steps.length) onIndex(index + 1)
      } else if (event.key === 'ArrowLeft' && index > 0) onIndex(index - 1)
      else if (event.key === 'e' || event.key === 'E') onEdit()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [run, index, step, sending, onSend, onIndex, onEdit, onClose])

  const params = Object.entries(step.request?.params ?? {}).filter(([name]) =>
    KEY_PARAMS.includes(name),
  )
  const url = step.request ? new URL(step.request.url) : null
  return (
    <Portal>
      <div
        className="gh-present"
        role="dialog"
        aria-modal="true"
        aria-label="Presenter mode"
        data-testid="presenter"
      >
        <header className="gh-present-head">
          <span>
            {run.flow} · {run.app}
            {run.user ? ` · ${run.user}` : ''}
          </span>
          <span>
            Step {index + 1} of {run.steps.length}
          </span>
        </header>
        <main className="gh-present-body">
          <h2>{step.title}</h2>
          <p className="gh-present-narrative">{step.explain?.narrative}</p>
          <div className="gh-present-columns">
            {step.status === 'skipped' ? (
              <p className="gh-present-dim">Skipped: {step.note}</p>
            ) : (
              url && (
                <section className="gh-present-request">
                  <h3>
                    <span className="gh-present-method">{step.request!.method}</span> {url.pathname}
                  </h3>
                  <ul className="gh-present-params">
                    {params.map(([name, value]) => (
                      <li key={name}>
                        <code>{name}</code> {shown(name, value)}
                      </li>
                    ))}
                  </ul>
                </section>
              )
            )}
            {!step.request && step.status === 'pending' && (
              <p className="gh-present-dim">{step.note}</p>
            )}
            {step.status === 'sent' && <Answer step={step} />}
          </div>
          {sending && <Loader size="lg" color="gray" />}
        </main>
        <footer className="gh-present-foot">
          <span>
            <Kbd>→</Kbd> {run.next === index ? 'send' : 'next'}
          </span>
          <span>
            <Kbd>←</Kbd> back
          </span>
          <span>
            <Kbd>E</Kbd> edit
          </span>
          <span>
            <Kbd>Esc</Kbd> leave
          </span>
        </footer>
      </div>
    </Portal>
  )
}
