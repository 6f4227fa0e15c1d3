import type { ParsedWorkspace } from './types'

type Report = (path: PropertyKey[], message: string) => void

/**
 * References made by the policy and simulation settings: fault rule and breakpoint ids must
 * be unique (the admin API addresses them by id), and the apps and users that fault rules,
 * breakpoints and simulated client IPs name must exist, so a typo is an error rather than a
 * rule that never fires.
 * Apps are named by name (any case) or by a consumer key the file gives; users by username
 * (any case) or by an id the file gives.
 */
export function policyReferenceIssues(ws: ParsedWorkspace, report: Report): void {
  const appNames = new Set(ws.apps.map((app) => app.name.toLowerCase()))
  const appKeys = new Set(ws.apps.flatMap((app) => (app.consumerKey ? [app.consumerKey] : [])))
  const usernames = new Set(ws.users.map((user) => user.username.toLowerCase()))
  const userIds = new Set(ws.users.flatMap((user) => (user.id ? [user.id] : [])))
  const isApp = (ref: string) => appNames.has(ref.toLowerCase()) || appKeys.has(ref)
  const isUser = (ref: string) => usernames.has(ref.toLowerCase()) || userIds.has(ref)

  const seenIds = new Map<string, number>()
  ws.faults.forEach((rule, i) => {
    if (rule.id !== undefined) {
      const first = seenIds.get(rule.id)
      if (first !== undefined) report(['faults', i, 'id'], `duplicates faults[${first}].id`)
      else seenIds.set(rule.id, i)
    }
    if (rule.when.app !== undefined && !isApp(rule.when.app)) {
      report(['faults', i, 'when', 'app'], `no app named (or with consumer key) "${rule.when.app}"`)
    }
    if (rule.when.user !== undefined && !isUser(rule.when.user)) {
      report(['faults', i, 'when', 'user'], `no user with username (or id) "${rule.when.user}"`)
    }
  })

  const seenBreakpoints = new Map<string, number>()
  ws.breakpoints.forEach((rule, i) => {
    if (rule.id !== undefined) {
      const first = seenBreakpoints.get(rule.id)
      if (first !== undefined)
        report(['breakpoints', i, 'id'], `duplicates breakpoints[${first}].id`)
      else seenBreakpoints.set(rule.id, i)
    }
    if (rule.when.app !== undefined && !isApp(rule.when.app)) {
      report(
        ['breakpoints', i, 'when', 'app'],
        `no app named (or with consumer key) "${rule.when.app}"`,
      )
    }
    if (rule.when.user !== undefined && !isUser(rule.when.user)) {
      report(
        ['breakpoints', i, 'when', 'user'],
        `no user with username (or id) "${rule.when.user}"`,
      )
    }
  })

  for (const name of Object.keys(ws.simulation.appClientIps ?? {})) {
    if (!appNames.has(name.toLowerCase())) {
      report(['simulation', 'appClientIps', name], `no app named "${name}"`)
    }
  }
  for (const username of Object.keys(ws.simulation.userClientIps ?? {})) {
    if (!usernames.has(username.toLowerCase())) {
      report(['simulation', 'userClientIps', username], `no user with username "${username}"`)
    }
  }
}
