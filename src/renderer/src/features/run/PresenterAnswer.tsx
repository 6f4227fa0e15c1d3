import type { RunStep } from '../../../../shared/runner-api'
import { handedOn } from './showValues'
import { PresenterValues } from './PresenterValues'

/** What came back for a sent step: the status, the server's reason when it refused, what it hands on. */
export function PresenterAnswer({ step }: { step: RunStep }) {
  const response = step.response
  if (!response) return null
  const refused = step.outcome === 'failed'
  const failed = step.why?.find((record) => record.outcome === 'failed')
  const handed = handedOn(step.handsOn)
  const verdict = refused ? (step.refusalExpected ? 'expected here' : 'refused') : null
  return (
    <section
      className="gh-present-answer"
      data-refused={(refused && !step.refusalExpected) || undefined}
      data-testid="presenter-answer"
    >
      <h3>
        The answer <span className="gh-present-status">{response.status}</span>
        {verdict && <span className="gh-present-verdict">{verdict}</span>}
      </h3>
      {failed && (
        <p className="gh-present-why">
          <span className="gh-present-why-step">{failed.name}</span>
          {failed.detail}
        </p>
      )}
      <PresenterValues values={handed} />
      {response.location && handed.length === 0 && (
        <p className="gh-present-dim">Redirects to {new URL(response.location).pathname}</p>
      )}
    </section>
  )
}
