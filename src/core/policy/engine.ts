import type { Database } from 'better-sqlite3'
import { BreakpointStore } from '../store/breakpoint-store'
import { PolicyStore } from '../store/policy-store'
import type { WorkspaceStore } from '../store/workspace-store'
import { BreakpointRules } from './breakpoints/rules'
import { PausedExchanges } from './breakpoints/paused'
import type { Clock } from './clock'
import { FaultRules } from './faults/rules'
import { ClientIpSimulation } from './simulation'
import { LoginRateCounter } from './login-rate'

/**
 * The policy engine's run-time controls (engine.policy): fault rules, breakpoints and the
 * exchanges they hold, simulated client IPs, the login rate counter and the store fault
 * counts live in. The checks themselves are steps
 * in the endpoints; the virtual clock is engine.clock.
 */
export class PolicyEngine {
  readonly store: PolicyStore
  readonly faults: FaultRules
  /** Breakpoints (workspace rules) and the exchanges paused by them right now. */
  readonly breakpoints: BreakpointRules
  readonly paused = new PausedExchanges()
  readonly simulation: ClientIpSimulation
  readonly loginRate = new LoginRateCounter()

  constructor(deps: { db: Database; workspace: WorkspaceStore; clock: Clock }) {
    this.store = new PolicyStore(deps.db)
    this.faults = new FaultRules(deps.workspace, this.store, deps.clock)
    this.breakpoints = new BreakpointRules(
      deps.workspace,
      new BreakpointStore(deps.db),
      this.store,
      deps.clock,
    )
    this.simulation = new ClientIpSimulation(deps.workspace)
  }
}
