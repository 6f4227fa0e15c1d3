import { createHash, randomBytes } from 'node:crypto'
import type { BreakpointStore } from '../../store/breakpoint-store'
import type { FireOutcome, PolicyStore } from '../../store/policy-store'
import type { WorkspaceStore } from '../../store/workspace-store'
import { plainErrorMap, toWorkspaceIssues, type WorkspaceIssue } from '../../workspace/errors'
import { breakpointRuleSchema } from '../../workspace/schema'
import type { BreakpointStage, WorkspaceBreakpoint } from '../../workspace/types'
import type { Clock } from '../clock'

/**
 * The workspace's breakpoints at run time: read (cached until the workspace or the list
 * changes), added, changed, removed and fired. Like the fault rules, they live in the
 * workspace (its `breakpoints` list, so export writes what is in force); how often each
 * fired, and how many of its `times` remain, lives in fault_state under `breakpoint:` keys.
 */

export interface ActiveBreakpoint {
  /** The breakpoint's id, or breakpoint-1, breakpoint-2 … by position when it has none. */
  id: string
  position: number
  /** Where it pauses: its `at`, else response when it judges a step or outcome. */
  at: BreakpointStage
  /** id + digest of the definition: an edited breakpoint starts counting afresh. */
  key: string
  rule: WorkspaceBreakpoint
}

/** A breakpoint as the admin API lists it. */
export interface BreakpointView {
  id: string
  name?: string
  enabled: boolean
  when: WorkspaceBreakpoint['when']
  at: BreakpointStage
  timeoutSeconds: number
  position: number
  /** Exchanges it paused since it was last armed. */
  fired: number
  /** Matching exchanges it will still pause (`when.times`), or null when unlimited. */
  remaining: number | null
  /** Virtual-clock ms of the last time it fired, or null. */
  lastFiredAt: number | null
}

export class BreakpointRuleError extends Error {
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'duplicate',
    message: string,
    readonly issues: WorkspaceIssue[] = [],
  ) {
    super(message)
    this.name = 'BreakpointRuleError'
  }
}

/** The stage a rule pauses at: steps and outcomes are only known after the decision. */
export function stageOf(rule: WorkspaceBreakpoint): BreakpointStage {
  if (rule.at) return rule.at
  return rule.when.step !== undefined || rule.when.outcome !== undefined ? 'response' : 'request'
}

function ruleKey(id: string, rule: WorkspaceBreakpoint): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ when: rule.when, at: stageOf(rule) }))
    .digest('hex')
    .slice(0, 16)
  return `breakpoint:${id}#${digest}`
}

export const positionalBreakpointId = (position: number) => `breakpoint-${position + 1}`

const describeIssues = (issues: WorkspaceIssue[]) =>
  issues.map((i) => `${i.path}: ${i.message}`).join('; ')

export class BreakpointRules {
  private version = 0
  private cache: { generation: number; version: number; rules: ActiveBreakpoint[] } | null = null

  constructor(
    private readonly workspace: WorkspaceStore,
    private readonly store: BreakpointStore,
    private readonly counts: PolicyStore,
    private readonly clock: Clock,
  ) {}

  /** Every breakpoint, in workspace order. */
  all(): ActiveBreakpoint[] {
    const generation = this.workspace.generation()
    const cached = this.cache
    if (cached && cached.generation === generation && cached.version === this.version) {
      return cached.rules
    }
    const rules = this.workspace.listBreakpoints().map((rule, position) => {
      const id = rule.id ?? positionalBreakpointId(position)
      return { id, position, at: stageOf(rule), key: ruleKey(id, rule), rule }
    })
    this.cache = { generation, version: this.version, rules }
    return rules
  }

  /** The enabled breakpoints that pause at `at`, in order (empty most of the time). */
  enabled(at: BreakpointStage): ActiveBreakpoint[] {
    return this.all().filter((active) => active.rule.enabled && active.at === at)
  }

  /** Whether any breakpoint pauses at `at`: asked on every request, so it allocates nothing. */
  anyEnabled(at: BreakpointStage): boolean {
    for (const active of this.all()) if (active.rule.enabled && active.at === at) return true
    return false
  }

  list(): BreakpointView[] {
    return this.all().map((active) => this.view(active))
  }

  get(id: string): BreakpointView {
    return this.view(this.find(id))
  }

  /** Appends a breakpoint (validated exactly as in a workspace file) and arms it. */
  add(input: unknown): BreakpointView {
    const rule = this.validate(input)
    const current = this.all()
    rule.id ??= `breakpoint-${randomBytes(4).toString('hex')}`
    if (current.some((active) => active.id === rule.id)) {
      throw new BreakpointRuleError('duplicate', `a breakpoint with id ${rule.id} already exists`, [
        {
          path: 'id',
          message: `duplicates the breakpoint at position ${this.find(rule.id).position}`,
        },
      ])
    }
    // Keep a stored rule exactly as the file format writes it: id first.
    const { id, ...rest } = rule
    this.write([...current.map((active) => active.rule), { id, ...rest }])
    const added = this.find(id!)
    this.counts.resetFault(added.key, added.rule.when.times ?? null)
    return this.view(added)
  }

  /**
   * Changes a breakpoint: the fields given replace its own (`when` as a whole), the result is
   * validated as a new rule would be. A changed definition, or turning it on, re-arms it.
   */
  update(id: string, changes: Record<string, unknown>): BreakpointView {
    const target = this.find(id)
    const { id: _ignored, ...stored } = target.rule
    const rule = this.validate({ ...stored, ...changes })
    const next: WorkspaceBreakpoint = target.rule.id === undefined ? rule : { id, ...rule }
    this.write(this.all().map((active) => (active === target ? next : active.rule)))
    const updated = this.find(id)
    if (updated.key !== target.key || (updated.rule.enabled && !target.rule.enabled)) {
      this.counts.forgetFault(target.key)
      this.counts.resetFault(updated.key, updated.rule.when.times ?? null)
    }
    return this.view(updated)
  }

  remove(id: string): void {
    const target = this.find(id)
    this.write(
      this.all()
        .filter((active) => active !== target)
        .map((active) => active.rule),
    )
    this.counts.forgetFault(target.key)
  }

  /** Fires the breakpoint once if its `times` allow (atomic, see PolicyStore.fireFault). */
  fire(active: ActiveBreakpoint): FireOutcome {
    return this.counts.fireFault(active.key, active.rule.when.times ?? null, this.clock.now())
  }

  private validate(input: unknown): WorkspaceBreakpoint {
    const parsed = breakpointRuleSchema.safeParse(input, { error: plainErrorMap })
    if (!parsed.success) {
      const issues = toWorkspaceIssues(parsed.error.issues)
      throw new BreakpointRuleError(
        'invalid',
        `the breakpoint is not valid: ${describeIssues(issues)}`,
        issues,
      )
    }
    const rule: WorkspaceBreakpoint = { ...parsed.data }
    const referenceIssues = this.referenceIssues(rule)
    if (referenceIssues.length) {
      throw new BreakpointRuleError(
        'invalid',
        `the breakpoint names what the workspace does not have: ${describeIssues(referenceIssues)}`,
        referenceIssues,
      )
    }
    return rule
  }

  private find(id: string): ActiveBreakpoint {
    const found = this.all().find((active) => active.id === id)
    if (!found) throw new BreakpointRuleError('not_found', `no breakpoint has id ${id}`)
    return found
  }

  private write(rules: WorkspaceBreakpoint[]): void {
    this.store.replace(rules)
    this.version++
  }

  private view(active: ActiveBreakpoint): BreakpointView {
    const state = this.counts.faultState(active.key)
    const times = active.rule.when.times
    return {
      id: active.id,
      ...(active.rule.name === undefined ? {} : { name: active.rule.name }),
      enabled: active.rule.enabled,
      when: active.rule.when,
      at: active.at,
      timeoutSeconds: active.rule.timeoutSeconds,
      position: active.position,
      fired: state?.fired ?? 0,
      remaining: times === undefined ? null : (state?.remaining ?? times),
      lastFiredAt: state?.last_fired_at ?? null,
    }
  }

  /** The app and user a breakpoint names must exist (as parseWorkspace checks for a file). */
  private referenceIssues(rule: WorkspaceBreakpoint): WorkspaceIssue[] {
    const issues: WorkspaceIssue[] = []
    const { app, user } = rule.when
    if (app !== undefined) {
      const lower = app.toLowerCase()
      const known = this.workspace
        .listApps()
        .some((a) => a.name.toLowerCase() === lower || a.consumerKey === app)
      if (!known)
        issues.push({ path: 'when.app', message: `no app named (or with consumer key) "${app}"` })
    }
    if (user !== undefined) {
      const known =
        this.workspace.findUserByUsername(user) !== undefined ||
        this.workspace.findUserById(user) !== undefined
      if (!known)
        issues.push({ path: 'when.user', message: `no user with username (or id) "${user}"` })
    }
    return issues
  }
}
