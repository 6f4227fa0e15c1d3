export { FlowRunner, RunError, type RunEvent, type RunnerDeps } from './runner'
export { FLOWS } from './flows'
export { explainParam, explainHeader, explainedParams } from './explain'
