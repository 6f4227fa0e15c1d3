import type { Database, Statement } from 'better-sqlite3'
import type { WorkspaceFault } from '../workspace/types'

/** How often a fault rule fired, and how many of its `times` remain (null: unlimited). */
export interface FaultStateRow {
  rule_key: string
  fired: number
  remaining: number | null
  last_fired_at: number | null
}

export type FireOutcome =
  | { fired: true; fired_count: number; remaining: number | null }
  | { fired: false; reason: 'used_up' }

/** The parts of a stored authorization code a fault rule needs to know whom it concerns. */
export interface CodePeek {
  app_key: string
  user_id: string
  grant_id: string | null
  expires_at: number
  used_at: number | null
}

/**
 * Statements of the policy engine (migration 005) plus the few writes fault rules make to
 * the workspace's fault list and to codes and tokens ("expire the tokens involved").
 * Counting operations are immediate transactions, so concurrent requests see one order.
 */
export class PolicyStore {
  private readonly s: Record<string, Statement>
  private readonly fireTx: (key: string, times: number | null, now: number) => FireOutcome
  private readonly replaceFaultsTx: (rules: readonly WorkspaceFault[]) => void

  constructor(db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      faultState: p('SELECT * FROM fault_state WHERE rule_key = ?'),
      allFaultStates: p('SELECT * FROM fault_state'),
      armFault: p(
        'INSERT INTO fault_state (rule_key, fired, remaining) VALUES (?, 0, ?) ON CONFLICT (rule_key) DO NOTHING',
      ),
      resetFault: p(
        'INSERT INTO fault_state (rule_key, fired, remaining) VALUES (?, 0, ?) ON CONFLICT (rule_key) DO UPDATE SET fired = 0, remaining = excluded.remaining, last_fired_at = NULL',
      ),
      // The guard (remaining > 0) makes "only the next N" hold under any interleaving.
      fireLimited: p(
        'UPDATE fault_state SET fired = fired + 1, remaining = remaining - 1, last_fired_at = ? WHERE rule_key = ? AND remaining > 0',
      ),
      fireUnlimited: p(
        'UPDATE fault_state SET fired = fired + 1, last_fired_at = ? WHERE rule_key = ?',
      ),
      deleteFaultState: p('DELETE FROM fault_state WHERE rule_key = ?'),
      deleteFaults: p('DELETE FROM faults'),
      insertFault: p('INSERT INTO faults (position, data) VALUES (?, ?)'),
      peekCode: p(
        'SELECT app_key, user_id, grant_id, expires_at, used_at FROM auth_codes WHERE code_hash = ?',
      ),
      expireCode: p('UPDATE auth_codes SET expires_at = ? WHERE code_hash = ? AND expires_at > ?'),
      expireAccess: p(
        'UPDATE access_tokens SET expires_at = ? WHERE token_hash = ? AND expires_at > ?',
      ),
    }

    this.fireTx = db.transaction((key: string, times: number | null, now: number) => {
      this.s.armFault!.run(key, times)
      const statement = times === null ? this.s.fireUnlimited! : this.s.fireLimited!
      if (statement.run(now, key).changes === 0) return { fired: false, reason: 'used_up' } as const
      const row = this.s.faultState!.get(key) as FaultStateRow
      return { fired: true, fired_count: row.fired, remaining: row.remaining } as const
    }).immediate

    this.replaceFaultsTx = db.transaction((rules: readonly WorkspaceFault[]) => {
      this.s.deleteFaults!.run()
      rules.forEach((rule, position) => this.s.insertFault!.run(position, JSON.stringify(rule)))
    }).immediate
  }

  faultState(key: string): FaultStateRow | undefined {
    return this.s.faultState!.get(key) as FaultStateRow | undefined
  }

  faultStates(): FaultStateRow[] {
    return this.s.allFaultStates!.all() as FaultStateRow[]
  }

  /**
   * Fires a rule once if it may still fire: `times` null means every match. Atomic: of any
   * number of concurrent callers, at most `times` ever see `fired: true`.
   */
  fireFault(key: string, times: number | null, now: number): FireOutcome {
    return this.fireTx(key, times, now)
  }

  /** Arms a rule afresh: zero fired, `times` remaining. */
  resetFault(key: string, times: number | null): void {
    this.s.resetFault!.run(key, times)
  }

  forgetFault(key: string): void {
    this.s.deleteFaultState!.run(key)
  }

  /** Replaces the workspace's fault list (the rules as the workspace file holds them). */
  replaceFaults(rules: readonly WorkspaceFault[]): void {
    this.replaceFaultsTx(rules)
  }

  peekCode(codeHash: string): CodePeek | undefined {
    return this.s.peekCode!.get(codeHash) as CodePeek | undefined
  }

  /** Makes a live code expired as of `now`; false when it was already expired or unknown. */
  expireCode(codeHash: string, now: number): boolean {
    return this.s.expireCode!.run(now, codeHash, now).changes > 0
  }

  /** Makes a live access token expired as of `now`. */
  expireAccessToken(tokenHash: string, now: number): boolean {
    return this.s.expireAccess!.run(now, tokenHash, now).changes > 0
  }
}
