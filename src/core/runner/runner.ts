import { EventEmitter } from 'node:events'
import { randomBytes } from 'node:crypto'
import type { DecodedJwt, ExchangeDetail } from '../../shared/admin-api'
import {
  RUN_FLOWS,
  type CreateRunRequest,
  type Run,
  type RunFlowAvailability,
  type RunFlowName,
  type RunRequest,
  type RunResponse,
  type RunStep,
  type RunStepEdits,
  type RunSummary,
} from '../../shared/runner-api'
import type { Clock } from '../policy/clock'
import type { RunStore } from '../store/run-store'
import type { WorkspaceStore } from '../store'
import type { Recorder } from '../trace'
import { exchangeDetail } from '../trace/views'
import type { WorkspaceApp, WorkspaceUser } from '../workspace'
import { cookieHeader } from './cookies'
import { explainRequest, paramContext } from './explain'
import {
  StepNotReady,
  type FlowDef,
  type RunContext,
  type RunSecrets,
  type StepDef,
} from './flow-def'
import { FLOWS } from './flows'
import { handsOn, redirectParams } from './hands-on'
import { materialize, sendRequest } from './request'
import { newRunSecrets } from './secrets'
import { exchangeAsStep, findSignedInRedirect } from './self-sign-in'
import { signAssertion, SigningKeyMissing } from './sign'
import { GATEHOUSE_VERSION } from '../version'

export interface RunnerDeps {
  runs: RunStore
  workspace: WorkspaceStore
  recorder(): Recorder | null
  /** The emulated org's own origin: every step is a real request to it. */
  baseUrl(): string
  clock: Clock
  decodeJwts(detail: ExchangeDetail): Promise<DecodedJwt[]>
}

/** A refusal of the runner's API: the field at fault (bad input) or a conflict. */
export class RunError extends Error {
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'conflict',
    message: string,
    readonly path?: string,
  ) {
    super(message)
    this.name = 'RunError'
  }
}

/** The stored document: the run as the API shows it, plus its secrets. */
interface StoredRun extends Run {
  secrets: RunSecrets
}

export type RunEvent = { type: 'run'; run: RunSummary } | { type: 'run-deleted'; id: number }

// How long the runner waits for its exchange to be recorded once the answer has arrived.
const RECORD_WAIT_MS = 2_000

/**
 * The flow runner: the workbench plays the client. A run is one flow for one app (and user),
 * an ordered list of steps; each step is one real HTTP request to Gatehouse's own origin, so
 * the recorder, policies and fault rules treat it exactly as any outside client. The person
 * may edit a step's request before it is sent; the run goes on from whatever was answered.
 * Runs are stored whole after every change and survive a restart.
 */
export class FlowRunner {
  private readonly emitter = new EventEmitter()
  /** One step at a time per run: a second send waits for the first. */
  private readonly locks = new Map<number, Promise<unknown>>()

  constructor(private readonly deps: RunnerDeps) {
    this.emitter.setMaxListeners(100)
  }

  subscribe(listener: (event: RunEvent) => void): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }

  /** Every flow, and whether the app allows it (with the setting that does not). */
  availability(appRef: string): RunFlowAvailability[] {
    const app = this.findApp(appRef)
    return RUN_FLOWS.map((name) => {
      const def = FLOWS[name]
      return {
        flow: name,
        title: def.title,
        summary: def.summary,
        needsUser: def.needsUser,
        disabledBecause: def.disabledBecause(app, {}),
      }
    })
  }

  async create(input: CreateRunRequest): Promise<Run> {
    const def = (FLOWS as Partial<Record<string, FlowDef>>)[input.flow]
    if (!def) {
      throw new RunError(
        'invalid',
        `unknown flow ${input.flow}; one of ${RUN_FLOWS.join(', ')}`,
        'flow',
      )
    }
    const app = this.findApp(input.app)
    const options = input.options ?? {}
    for (const issue of def.checkOptions?.(options) ?? []) {
      throw new RunError('invalid', issue.message, `options.${issue.path}`)
    }
    const disabled = def.disabledBecause(app, options)
    if (disabled) {
      throw new RunError(
        'invalid',
        `${app.name} does not allow the ${def.name} flow: ${disabled}`,
        'flow',
      )
    }
    const user = this.pickUser(def, app, input.user)
    const now = Date.now()
    const steps: RunStep[] = def.steps(app, options).map((step, index) => ({
      index,
      name: step.name,
      title: step.title,
      status: 'pending',
      ...(step.refusalExpected ? { refusalExpected: true } : {}),
    }))
    const run: StoredRun = {
      id: 0,
      flow: def.name,
      app: app.name,
      appKey: app.consumerKey,
      user: user?.username ?? null,
      options,
      status: 'ready',
      steps,
      next: 0,
      flowId: null,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      secrets: newRunSecrets(),
    }
    const recorder = this.deps.recorder()
    if (recorder) {
      await recorder.flush()
      run.secrets.traceFrom = recorder.store.maxIds().exchange
    }
    run.id = this.deps.runs.insert((id) => JSON.stringify({ ...run, id }), now)
    await this.prepare(run)
    this.save(run)
    return publicRun(run)
  }

  get(id: number): Run {
    return publicRun(this.load(id))
  }

  list(limit = 100): RunSummary[] {
    return this.deps.runs.list(limit).map((row) => summary(JSON.parse(row.data) as StoredRun))
  }

  remove(id: number): void {
    if (!this.deps.runs.remove(id)) throw new RunError('not_found', `no run has id ${id}`)
    this.emitter.emit('event', { type: 'run-deleted', id } satisfies RunEvent)
  }

  /** Sends the run's next step (it must be `index`), with the person's edits. */
  send(id: number, index: number, edits: RunStepEdits = {}): Promise<RunStep> {
    return this.locked(id, async () => {
      const run = this.load(id)
      this.stepAt(run, index)
      if (run.next !== index) {
        throw new RunError(
          'conflict',
          run.next === null
            ? `run ${id} has no step to send (${run.status}); re-run a step to go back`
            : `step ${index} is not the next one; step ${run.next} (${run.steps[run.next]!.name}) is`,
        )
      }
      return this.sendStep(run, index, edits)
    })
  }

  /** Goes back to a step already reached: re-sends it (with edits) and drops the ones after. */
  rerun(id: number, index: number, edits: RunStepEdits = {}): Promise<RunStep> {
    return this.locked(id, async () => {
      const run = this.load(id)
      const step = this.stepAt(run, index)
      const reached =
        step.status !== 'pending' || run.next === index || this.lastReached(run) >= index
      if (!reached) {
        throw new RunError(
          'conflict',
          `step ${index} has not been reached yet; send the steps before it first`,
        )
      }
      for (const later of run.steps.slice(index)) resetStep(later)
      // Going back to before anything was sent starts a new flow in the trace.
      if (!run.steps.some((s) => s.status === 'sent')) run.flowId = null
      return this.sendStep(run, index, edits)
    })
  }

  /** Sends every remaining step unedited, stopping at the first refusal. */
  finish(id: number): Promise<Run> {
    return this.locked(id, async () => {
      const run = this.load(id)
      while (run.next !== null) {
        const step = await this.sendStep(run, run.next, {})
        if (step.outcome === 'failed' && !step.refusalExpected) break
      }
      return publicRun(run)
    })
  }

  // -------------------------------------------------------------------------------------

  private async sendStep(run: StoredRun, index: number, edits: RunStepEdits): Promise<RunStep> {
    const def = this.stepDefs(run)[index]!
    const step = run.steps[index]!
    const ctx = this.context(run, index)
    if (def.external) return this.pickUpExternal(run, index)
    const planned = this.build(def, ctx)
    const marker = `run/${run.id}.${index}.${randomBytes(3).toString('hex')}`
    let request: RunRequest
    try {
      request = await materialize(
        planned,
        ctx,
        edits,
        this.defaultHeaders(run, planned.browser === true, marker),
      )
    } catch (error) {
      if (error instanceof SigningKeyMissing)
        throw new RunError('invalid', error.message, 'options.privateKey')
      throw error
    }

    const recorder = this.deps.recorder()
    if (recorder) await recorder.flush()
    const before = recorder ? recorder.store.maxIds().exchange : 0
    let response: RunResponse
    try {
      response = await sendRequest(request, AbortSignal.timeout(60_000))
    } catch (error) {
      throw new RunError('conflict', `the request could not be sent: ${(error as Error).message}`)
    }

    Object.assign(step, {
      status: 'sent',
      request,
      response,
      sentAt: new Date().toISOString(),
      handsOn: handsOn(response),
      explain: this.explain(def, request),
    } satisfies Partial<RunStep>)
    delete step.note
    if (hasEdits(edits)) step.edits = structuredClone(edits)
    else delete step.edits
    delete step.exchangeId
    delete step.failedStep
    delete step.why
    delete step.jwts
    step.outcome = refusedOnTheWire(response) ? 'failed' : 'ok'

    if (recorder) await this.attachExchange(run, step, recorder, before, marker, request)
    return this.settle(run, index, step)
  }

  /** After a step was sent: the run stops at a refusal, else moves on to what comes next. */
  private async settle(run: StoredRun, index: number, step: RunStep): Promise<RunStep> {
    if (step.outcome === 'failed' && !step.refusalExpected) {
      run.status = 'failed'
      run.next = null
    } else {
      run.status = 'in_progress'
      run.next = index + 1 < run.steps.length ? index + 1 : null
      await this.prepare(run)
    }
    this.save(run)
    return structuredClone(step)
  }

  /**
   * A step the person sent from their own browser: its answer is the recorded redirect that
   * carries the run's state. Until it is recorded, the step cannot be completed.
   */
  private async pickUpExternal(run: StoredRun, index: number): Promise<RunStep> {
    const recorder = this.deps.recorder()
    if (!recorder) {
      throw new RunError(
        'conflict',
        'signing in yourself needs the recorder on: the redirect is found in the trace',
      )
    }
    await recorder.flush()
    const detail = findSignedInRedirect(
      recorder.store,
      run.secrets.traceFrom ?? 0,
      run.secrets.state,
    )
    if (!detail) {
      throw new RunError(
        'conflict',
        `no redirect carrying this run's state (${run.secrets.state}) has been recorded yet: open the authorization URL, sign in and approve, then send this step again`,
      )
    }
    const step = run.steps[index]!
    const { request, response } = exchangeAsStep(detail, this.deps.baseUrl())
    detail.jwts = await this.deps.decodeJwts(detail)
    Object.assign(step, {
      status: 'sent',
      request,
      response,
      sentAt: new Date().toISOString(),
      handsOn: handsOn(response),
      explain: this.explain(this.stepDefs(run)[index]!, request),
      exchangeId: detail.id,
      outcome: detail.outcome,
      why: detail.steps,
      ...(detail.failedStep ? { failedStep: detail.failedStep } : {}),
      ...(detail.jwts.length ? { jwts: detail.jwts } : {}),
    } satisfies Partial<RunStep>)
    run.flowId ??= detail.flowId
    return this.settle(run, index, step)
  }

  /** Finds the exchange the step made in the trace: its id, the Why, the decoded JWTs. */
  private async attachExchange(
    run: StoredRun,
    step: RunStep,
    recorder: Recorder,
    before: number,
    marker: string,
    request: RunRequest,
  ): Promise<void> {
    const url = new URL(request.url)
    const markerSent = Object.values(request.headers).some((value) => value.includes(marker))
    const deadline = Date.now() + RECORD_WAIT_MS
    let row
    for (;;) {
      await recorder.flush()
      row = recorder.store.findNewer(
        before,
        markerSent ? marker : null,
        request.method,
        url.pathname + url.search,
      )
      if (row || Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    if (!row) return
    const detail = exchangeDetail(row)
    step.exchangeId = detail.id
    step.outcome = detail.outcome
    if (detail.failedStep) step.failedStep = detail.failedStep
    step.why = detail.steps
    detail.jwts = await this.deps.decodeJwts(detail)
    if (detail.jwts.length) step.jwts = detail.jwts
    run.flowId ??= detail.flowId
  }

  /**
   * Settles what comes next: skips the steps that do not apply (say why), and builds the next
   * step's request so the person sees it before sending it. At the end the run is completed.
   */
  private async prepare(run: StoredRun): Promise<void> {
    const defs = this.stepDefs(run)
    while (run.next !== null) {
      const index = run.next
      const stepDef = defs[index]!
      const step = run.steps[index]!
      const ctx = this.context(run, index)
      const skipped = stepDef.skip?.(ctx) ?? null
      if (skipped) {
        resetStep(step)
        step.status = 'skipped'
        step.note = skipped
        run.next = index + 1 < run.steps.length ? index + 1 : null
        continue
      }
      try {
        const planned = stepDef.build(ctx)
        step.request = await materialize(
          planned,
          ctx,
          {},
          this.defaultHeaders(run, planned.browser === true, `run/${run.id}.${index}`),
        )
        step.explain = this.explain(stepDef, step.request)
        delete step.note
      } catch (error) {
        if (!(error instanceof StepNotReady) && !(error instanceof SigningKeyMissing)) throw error
        delete step.request
        step.explain = { narrative: stepDef.narrative, params: {}, headers: {} }
        step.note = error.message
      }
      return
    }
    const last = [...run.steps].reverse().find((s) => s.status === 'sent')
    run.status = last && last.outcome === 'failed' && !last.refusalExpected ? 'failed' : 'completed'
  }

  private build(def: StepDef, ctx: RunContext) {
    try {
      return def.build(ctx)
    } catch (error) {
      if (error instanceof StepNotReady) throw new RunError('conflict', error.message)
      throw error
    }
  }

  private explain(def: StepDef, request: RunRequest) {
    const context = paramContext(new URL(request.url).pathname)
    return { narrative: def.narrative, ...explainRequest(request.params, request.headers, context) }
  }

  private defaultHeaders(run: StoredRun, browser: boolean, marker: string): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': `Gatehouse-Runner/${GATEHOUSE_VERSION} (+${marker})`,
    }
    if (browser) {
      headers.accept = 'text/html,application/xhtml+xml'
      const cookie = cookieHeader(run.steps.filter((s) => s.status === 'sent'))
      if (cookie) headers.cookie = cookie
    } else {
      headers.accept = 'application/json'
    }
    return headers
  }

  private context(run: StoredRun, index: number): RunContext {
    const app = this.deps.workspace.findAppByConsumerKey(run.appKey)
    if (!app) throw new RunError('conflict', `the app ${run.app} is no longer in the workspace`)
    const user = run.user ? (this.deps.workspace.findUserByUsername(run.user) ?? null) : null
    const earlier = run.steps.slice(0, index)
    const vars: Record<string, string> = {}
    let previous: RunResponse | undefined
    for (const step of earlier) {
      if (step.status !== 'sent') continue
      Object.assign(vars, step.handsOn ?? {})
      previous = step.response
    }
    return {
      flow: run.flow,
      app,
      user,
      options: run.options,
      secrets: run.secrets,
      baseUrl: this.deps.baseUrl(),
      vars,
      earlier,
      previous,
      signAssertion: (claims) =>
        signAssertion(
          app,
          typeof run.options.privateKey === 'string' ? run.options.privateKey : undefined,
          claims,
        ),
      now: () => this.deps.clock.now(),
    }
  }

  private findApp(ref: string): WorkspaceApp {
    const apps = this.deps.workspace.listApps()
    const app =
      apps.find((a) => a.consumerKey === ref) ??
      apps.find((a) => a.name.toLowerCase() === ref.trim().toLowerCase())
    if (!app) {
      throw new RunError(
        'invalid',
        `no app is named ${ref} or has it as consumer key; apps: ${apps.map((a) => a.name).join(', ')}`,
        'app',
      )
    }
    return app
  }

  private pickUser(
    def: FlowDef,
    app: WorkspaceApp,
    username: string | undefined,
  ): WorkspaceUser | null {
    if (username !== undefined && username !== '') {
      const user = this.deps.workspace.findUserByUsername(username)
      if (!user) throw new RunError('invalid', `no user has the username ${username}`, 'user')
      return user
    }
    if (!def.needsUser) return null
    // A sensible default: an active user the app admits (for an admin-approved app, one with
    // one of its profiles or permission sets), preferring one who can sign in; else the first
    // active user who can sign in.
    const active = this.deps.workspace.listUsers().filter((u) => u.active)
    const admitted = active.filter((u) => admits(app, u))
    const user = admitted.find((u) => u.password) ?? admitted[0] ?? active.find((u) => u.password)
    if (!user) throw new RunError('invalid', `the ${def.name} flow needs a user; name one`, 'user')
    return user
  }

  /**
   * The run's step definitions. They were fixed when the run was created; if the app changed
   * since so that the flow's steps differ (another token source), the run cannot go on.
   */
  private stepDefs(run: StoredRun): StepDef[] {
    const app = this.deps.workspace.findAppByConsumerKey(run.appKey)
    if (!app) throw new RunError('conflict', `the app ${run.app} is no longer in the workspace`)
    const defs = FLOWS[run.flow as RunFlowName].steps(app, run.options)
    const same =
      defs.length === run.steps.length && defs.every((def, i) => def.name === run.steps[i]!.name)
    if (!same) {
      throw new RunError(
        'conflict',
        `${app.name}'s settings changed since run ${run.id} was created, and its steps with them; start a new run`,
      )
    }
    return defs
  }

  private stepAt(run: StoredRun, index: number): RunStep {
    const step = run.steps[index]
    if (!step) {
      throw new RunError(
        'not_found',
        `run ${run.id} has no step ${index} (it has ${run.steps.length})`,
      )
    }
    return step
  }

  private lastReached(run: StoredRun): number {
    let last = -1
    for (const step of run.steps) if (step.status !== 'pending') last = step.index
    return last
  }

  private load(id: number): StoredRun {
    const row = this.deps.runs.get(id)
    if (!row) throw new RunError('not_found', `no run has id ${id}`)
    return JSON.parse(row.data) as StoredRun
  }

  private save(run: StoredRun): void {
    const now = Date.now()
    run.updatedAt = new Date(now).toISOString()
    this.deps.runs.update(run.id, JSON.stringify(run), now)
    this.emitter.emit('event', { type: 'run', run: summary(run) } satisfies RunEvent)
  }

  private async locked<T>(id: number, action: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(action)
    this.locks.set(id, next)
    try {
      return await next
    } finally {
      if (this.locks.get(id) === next) this.locks.delete(id)
    }
  }
}

/** Whether the app's Permitted Users policy lets the user in (profiles, permission sets). */
function admits(app: WorkspaceApp, user: WorkspaceUser): boolean {
  const { permittedUsers, profiles, permissionSets } = app.policies
  if (permittedUsers !== 'adminApprovedPreAuthorized') return true
  return (
    profiles.includes(user.profile) || user.permissionSets.some((p) => permissionSets.includes(p))
  )
}

function hasEdits(edits: RunStepEdits): boolean {
  return Object.values(edits).some((value) =>
    Array.isArray(value)
      ? value.length > 0
      : value !== undefined && (typeof value !== 'object' || Object.keys(value).length > 0),
  )
}

/** Without the recorder: a 4xx/5xx, or a redirect that carries `error=`, is a refusal. */
function refusedOnTheWire(response: RunResponse): boolean {
  if (response.status >= 400) return true
  return response.location !== null && 'error' in redirectParams(response.location)
}

function resetStep(step: RunStep): void {
  const { index, name, title, refusalExpected } = step
  for (const key of Object.keys(step)) delete (step as unknown as Record<string, unknown>)[key]
  Object.assign(
    step,
    { index, name, title, status: 'pending' },
    refusalExpected ? { refusalExpected } : {},
  )
}

function publicRun(run: StoredRun): Run {
  const { secrets: _secrets, ...rest } = run
  return structuredClone(rest)
}

function summary(run: StoredRun): RunSummary {
  const { secrets: _secrets, steps, options: _options, ...rest } = run
  return {
    ...rest,
    stepCount: steps.length,
    sentCount: steps.filter((step) => step.status === 'sent').length,
  }
}
