import type { RedactedWorkspace, Workspace } from './types'

/** What a redacted password reads as. */
export const REDACTED = 'REDACTED'

/**
 * A copy of the workspace that is safe to share (`gatehouse export --redact`). Passwords that
 * were set become "REDACTED", so the file still shows which users can log in with one.
 * Consumer secrets are left out altogether instead: a placeholder would be shorter than the
 * 32 characters a secret needs, and an absent secret is simply generated again on import,
 * so the redacted file still loads.
 */
export function redactWorkspace(ws: Workspace): RedactedWorkspace {
  return {
    ...ws,
    users: ws.users.map((user) =>
      user.password === undefined ? user : { ...user, password: REDACTED },
    ),
    apps: ws.apps.map(({ consumerSecret: _secret, ...app }) => app),
  }
}
