import { z } from 'zod'
import type { WorkspaceStore } from '../store/workspace-store'
import { plainErrorMap, toWorkspaceIssues, type WorkspaceIssue } from '../workspace/errors'
import { ipAddress } from '../workspace/fields'
import type { WorkspaceSimulation } from '../workspace/types'

/**
 * The simulated client IPs (DESIGN.md "Client IP"), read and changed at run time through the
 * engine API. They are part of the workspace's `simulation` section, so export writes what
 * is in force. Clearing a simulated IP only changes which address is judged: the IP checks
 * themselves always run.
 */
export interface ClientIpSettings {
  /** Every request, unless a per-user or per-app address applies. */
  clientIp: string | null
  /** App name → address. */
  appClientIps: Record<string, string>
  /** Username → address. */
  userClientIps: Record<string, string>
  /** Judge requests by X-Forwarded-For when no simulated address applies. */
  trustForwardedFor: boolean
}

export const clientIpSettingsInput = z.strictObject({
  clientIp: ipAddress.nullable().optional().describe('null: no global simulated IP.'),
  appClientIps: z
    .record(z.string().min(1), ipAddress)
    .optional()
    .describe('Replaces the per-app addresses (app name → IP); {} clears them.'),
  userClientIps: z
    .record(z.string().min(1), ipAddress)
    .optional()
    .describe('Replaces the per-user addresses (username → IP); {} clears them.'),
  trustForwardedFor: z.boolean().optional(),
})

export type ClientIpSettingsInput = z.output<typeof clientIpSettingsInput>

export class SimulationError extends Error {
  constructor(readonly issues: WorkspaceIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '))
    this.name = 'SimulationError'
  }
}

export class ClientIpSimulation {
  constructor(private readonly workspace: WorkspaceStore) {}

  get(): ClientIpSettings {
    const simulation = this.workspace.simulation()
    return {
      clientIp: simulation.clientIp,
      appClientIps: { ...(simulation.appClientIps ?? {}) },
      userClientIps: { ...(simulation.userClientIps ?? {}) },
      trustForwardedFor: simulation.trustForwardedFor === true,
    }
  }

  /** Changes the fields given; the others stay. Names must be the workspace's. */
  set(input: unknown): ClientIpSettings {
    const parsed = clientIpSettingsInput.safeParse(input, { error: plainErrorMap })
    if (!parsed.success) throw new SimulationError(toWorkspaceIssues(parsed.error.issues))
    const patch = parsed.data
    const issues: WorkspaceIssue[] = []
    const apps = new Set(this.workspace.listApps().map((app) => app.name.toLowerCase()))
    for (const name of Object.keys(patch.appClientIps ?? {})) {
      if (!apps.has(name.toLowerCase())) {
        issues.push({ path: `appClientIps.${name}`, message: `no app named "${name}"` })
      }
    }
    for (const username of Object.keys(patch.userClientIps ?? {})) {
      if (!this.workspace.findUserByUsername(username)) {
        issues.push({ path: `userClientIps.${username}`, message: `no user "${username}"` })
      }
    }
    if (issues.length) throw new SimulationError(issues)

    const current = this.workspace.simulation()
    const next: WorkspaceSimulation = {
      clientIp: patch.clientIp === undefined ? current.clientIp : patch.clientIp,
      clockOffsetSeconds: current.clockOffsetSeconds,
    }
    // Empty maps and a false flag are left out, as a workspace file would leave them out.
    const appIps = patch.appClientIps ?? current.appClientIps ?? {}
    const userIps = patch.userClientIps ?? current.userClientIps ?? {}
    const trust = patch.trustForwardedFor ?? current.trustForwardedFor ?? false
    if (Object.keys(appIps).length) next.appClientIps = appIps
    if (Object.keys(userIps).length) next.userClientIps = userIps
    if (trust) next.trustForwardedFor = true
    this.workspace.setSimulation(next)
    return this.get()
  }
}
