import type { WorkspaceApp, WorkspaceUser } from '../workspace'

/**
 * "Admin approved users are pre-authorized": a user is approved when their profile or one
 * of their permission sets is listed on the app's policy.
 */
export function isPreAuthorized(app: WorkspaceApp, user: WorkspaceUser): boolean {
  const policy = app.policies
  if (policy.profiles.includes(user.profile)) return true
  return user.permissionSets.some((ps) => policy.permissionSets.includes(ps))
}

export function describePreAuthorization(app: WorkspaceApp, user: WorkspaceUser): string {
  const policy = app.policies
  return (
    `user ${user.username} has profile ${user.profile}` +
    (user.permissionSets.length ? ` and permission sets ${user.permissionSets.join(', ')}` : '') +
    `; app ${app.name} pre-authorizes profiles [${policy.profiles.join(', ')}]` +
    ` and permission sets [${policy.permissionSets.join(', ')}]`
  )
}
