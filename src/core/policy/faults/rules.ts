import { createHash, randomBytes } from 'node:crypto'
import type { PolicyStore, FireOutcome } from '../../store/policy-store'
import type { WorkspaceStore } from '../../store/workspace-store'
import { plainErrorMap, toWorkspaceIssues, type WorkspaceIssue } from '../../workspace/errors'
import { faultRuleSchema } from '../../workspace/schema'
import type { WorkspaceFault } from '../../workspace/types'
import type { Clock } from '../clock'

/**
 * The workspace's fault rules at run time: read (cached until the workspace or the list
 * changes), added, toggled, removed and re-armed through the engine API, and fired. The
 * rules themselves live in the workspace (its `faults` list, so export writes what is in
 * force); how often each fired, and how many of its `times` remain, lives in fault_state.
 */

/** A rule with the id it is addressed by and the key of its state. */
export interface ActiveRule {
  /** The rule's id, or rule-1, rule-2 … by position when it has none. */
  id: string
  position: number
  /** id + digest of the definition: an edited rule starts counting afresh. */
  key: string
  rule: WorkspaceFault
}

/** A rule as the admin API lists it. */
export interface FaultRuleView {
  id: string
  name?: string
  enabled: boolean
  when: WorkspaceFault['when']
  then: WorkspaceFault['then']
  position: number
  /** Times it fired since it was last armed. */
  fired: number
  /** Matches it will still touch (`when.times`), or null when unlimited. */
  remaining: number | null
  /** Virtual-clock ms of the last time it fired, or null. */
  lastFiredAt: number | null
}

export class FaultRuleError extends Error {
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'duplicate',
    message: string,
    readonly issues: WorkspaceIssue[] = [],
  ) {
    super(message)
    this.name = 'FaultRuleError'
  }
}

function ruleKey(id: string, rule: WorkspaceFault): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ when: rule.when, then: rule.then }))
    .digest('hex')
    .slice(0, 16)
  return `${id}#${digest}`
}

export const positionalId = (position: number) => `rule-${position + 1}`

export class FaultRules {
  private version = 0
  private cache: { generation: number; version: number; rules: ActiveRule[] } | null = null

  constructor(
    private readonly workspace: WorkspaceStore,
    private readonly store: PolicyStore,
    private readonly clock: Clock,
  ) {}

  /** Every rule, in workspace order. */
  all(): ActiveRule[] {
    const generation = this.workspace.generation()
    const cached = this.cache
    if (cached && cached.generation === generation && cached.version === this.version) {
      return cached.rules
    }
    const rules = this.workspace.listFaults().map((rule, position) => {
      const id = rule.id ?? positionalId(position)
      return { id, position, key: ruleKey(id, rule), rule }
    })
    this.cache = { generation, version: this.version, rules }
    return rules
  }

  /** The rules a request is matched against: enabled ones, in order. */
  enabled(): ActiveRule[] {
    return this.all().filter((active) => active.rule.enabled)
  }

  /** Whether any rule is enabled: asked on every request, so it allocates nothing. */
  anyEnabled(): boolean {
    for (const active of this.all()) if (active.rule.enabled) return true
    return false
  }

  list(): FaultRuleView[] {
    return this.all().map((active) => this.view(active))
  }

  get(id: string): FaultRuleView {
    return this.view(this.find(id))
  }

  /**
   * Appends a rule (validated exactly as in a workspace file), giving it an id when it has
   * none, and arms it. Answers the rule as stored.
   */
  add(input: unknown): FaultRuleView {
    const parsed = faultRuleSchema.safeParse(input, { error: plainErrorMap })
    if (!parsed.success) {
      const issues = toWorkspaceIssues(parsed.error.issues)
      throw new FaultRuleError(
        'invalid',
        `the fault rule is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      )
    }
    const current = this.all()
    const rule: WorkspaceFault = { ...parsed.data }
    rule.id ??= `fault-${randomBytes(4).toString('hex')}`
    if (current.some((active) => active.id === rule.id)) {
      throw new FaultRuleError('duplicate', `a fault rule with id ${rule.id} already exists`, [
        { path: 'id', message: `duplicates the rule at position ${this.find(rule.id).position}` },
      ])
    }
    const referenceIssues = this.referenceIssues(rule)
    if (referenceIssues.length) {
      throw new FaultRuleError(
        'invalid',
        `the fault rule names what the workspace does not have: ${referenceIssues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        referenceIssues,
      )
    }
    // Keep a stored rule exactly as the file format writes it: id first.
    const { id, ...rest } = rule
    this.write([...current.map((active) => active.rule), { id, ...rest }])
    const added = this.find(id!)
    this.store.resetFault(added.key, added.rule.when.times ?? null)
    return this.view(added)
  }

  /** Turns a rule on or off (`enabled` omitted: the other way round). On re-arms it. */
  setEnabled(id: string, enabled?: boolean): FaultRuleView {
    const target = this.find(id)
    const next = enabled ?? !target.rule.enabled
    const rules = this.all().map((active) =>
      active === target ? { ...active.rule, enabled: next } : active.rule,
    )
    this.write(rules)
    const updated = this.find(id)
    if (next && !target.rule.enabled) {
      this.store.resetFault(updated.key, updated.rule.when.times ?? null)
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
    this.store.forgetFault(target.key)
  }

  /** Arms a rule afresh: its fired count goes to zero and its `times` are all available. */
  reset(id: string): FaultRuleView {
    const target = this.find(id)
    this.store.resetFault(target.key, target.rule.when.times ?? null)
    return this.view(target)
  }

  /** Fires the rule once if its `times` allow (atomic, see PolicyStore.fireFault). */
  fire(active: ActiveRule): FireOutcome {
    return this.store.fireFault(active.key, active.rule.when.times ?? null, this.clock.now())
  }

  private find(id: string): ActiveRule {
    const rules = this.all()
    const found = rules.find((active) => active.id === id)
    if (!found) throw new FaultRuleError('not_found', `no fault rule has id ${id}`)
    return found
  }

  private write(rules: WorkspaceFault[]): void {
    this.store.replaceFaults(rules)
    this.version++
  }

  private view(active: ActiveRule): FaultRuleView {
    const state = this.store.faultState(active.key)
    const times = active.rule.when.times
    return {
      id: active.id,
      ...(active.rule.name === undefined ? {} : { name: active.rule.name }),
      enabled: active.rule.enabled,
      when: active.rule.when,
      then: active.rule.then,
      position: active.position,
      fired: state?.fired ?? 0,
      remaining: times === undefined ? null : (state?.remaining ?? times),
      lastFiredAt: state?.last_fired_at ?? null,
    }
  }

  /** The app and user a new rule names must exist (as parseWorkspace checks for a file). */
  private referenceIssues(rule: WorkspaceFault): WorkspaceIssue[] {
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
