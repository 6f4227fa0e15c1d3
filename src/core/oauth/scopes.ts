import { sfErrors } from '../salesforce/oauth-errors'
import type { WorkspaceApp } from '../workspace'

/** `refresh_token` and `offline_access` are synonyms in Salesforce (reference §7). */
const REFRESH_SCOPES = ['refresh_token', 'offline_access']

export function parseScopeParam(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined
  const scopes = text.split(/[\s+]+/).filter(Boolean)
  return scopes.length ? [...new Set(scopes)] : undefined
}

function appHas(app: WorkspaceApp, scope: string): boolean {
  if (app.scopes.includes(scope as never)) return true
  return REFRESH_SCOPES.includes(scope) && app.scopes.some((s) => REFRESH_SCOPES.includes(s))
}

/**
 * The scopes a request ends up with: omitted means every scope selected on the app; any
 * scope the app does not have is `invalid_scope`.
 */
export function resolveScopes(app: WorkspaceApp, requested: string[] | undefined): string[] {
  if (!requested) return [...app.scopes]
  const missing = requested.filter((s) => !appHas(app, s))
  if (missing.length) {
    throw sfErrors
      .invalidScope()
      .because(
        `requested scope ${missing.join(', ')} is not selected on app ${app.name} (selected: ${app.scopes.join(' ') || 'none'})`,
      )
  }
  return requested
}

export function grantsRefreshToken(scopes: readonly string[]): boolean {
  return scopes.some((s) => REFRESH_SCOPES.includes(s))
}

/** REST access needs `api` or `full`. */
export function grantsApi(scopes: readonly string[]): boolean {
  return scopes.includes('api') || scopes.includes('full')
}
