import type { Database } from 'better-sqlite3'
import { PolicyStore } from '../store/policy-store'
import type { WorkspaceStore } from '../store/workspace-store'
import type { Clock } from './clock'
import { FaultRules } from './faults/rules'
import { ClientIpSimulation } from './simulation'
import { LoginRateCounter } from './login-rate'

/**
 * The policy engine's run-time controls (engine.policy): fault rules, simulated client IPs,
 * the login rate counter and the store fault counts live in. The checks themselves are steps
 * in the endpoints; the virtual clock is engine.clock.
 */
export class PolicyEngine {
  readonly store: PolicyStore
  readonly faults: FaultRules
  readonly simulation: ClientIpSimulation
  readonly loginRate = new LoginRateCounter()

  constructor(deps: { db: Database; workspace: WorkspaceStore; clock: Clock }) {
    this.store = new PolicyStore(deps.db)
    this.faults = new FaultRules(deps.workspace, this.store, deps.clock)
    this.simulation = new ClientIpSimulation(deps.workspace)
  }
}
