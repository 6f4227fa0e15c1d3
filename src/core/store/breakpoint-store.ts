import type { Database } from 'better-sqlite3'
import type { WorkspaceBreakpoint } from '../workspace/types'

/**
 * The one write breakpoints make outside a workspace load: replacing the workspace's
 * breakpoint list (migration 009) when one is added, changed or removed at run time. Their
 * fire counts use PolicyStore's fault_state statements under `breakpoint:` keys.
 */
export class BreakpointStore {
  private readonly replaceTx: (rules: readonly WorkspaceBreakpoint[]) => void

  constructor(db: Database) {
    const remove = db.prepare('DELETE FROM breakpoints')
    const insert = db.prepare('INSERT INTO breakpoints (position, data) VALUES (?, ?)')
    this.replaceTx = db.transaction((rules: readonly WorkspaceBreakpoint[]) => {
      remove.run()
      rules.forEach((rule, position) => insert.run(position, JSON.stringify(rule)))
    }).immediate
  }

  replace(rules: readonly WorkspaceBreakpoint[]): void {
    this.replaceTx(rules)
  }
}
