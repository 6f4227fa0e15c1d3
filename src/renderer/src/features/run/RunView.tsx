import './run.css'
import { useRoute } from '../../shell/router'
import { RunSetup } from './RunSetup'
import { RunStepper } from './RunStepper'

/**
 * The Run view: the workbench plays the client. `#/run` picks app, flow and user;
 * `#/run/new/<flow>/<app>/<user>` starts with them filled in ("Run this again" from Flows);
 * `#/run/<id>` steps through a run.
 */
export function RunView() {
  const { view, segments } = useRoute()
  // While the address moves to another view, this one may render once more: never read
  // another view's segments (a flow id) as a run id.
  if (view !== 'run') return null
  const id = Number(segments[0])
  if (segments[0] && Number.isInteger(id) && id > 0) return <RunStepper runId={id} />
  const preset =
    segments[0] === 'new'
      ? { flow: segments[1] ?? null, app: segments[2] ?? null, user: segments[3] ?? null }
      : { flow: null, app: null, user: null }
  return <RunSetup key={segments.join('/')} preset={preset} />
}
