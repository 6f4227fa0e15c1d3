import { describe, expect, it } from 'vitest'
import { grantsRefreshToken, parseScopeParam, resolveScopes } from '../../../src/core/oauth/scopes'
import type { WorkspaceApp } from '../../../src/core/workspace'

const app = {
  name: 'Order Sync',
  scopes: ['api', 'refresh_token', 'openid'],
} as unknown as WorkspaceApp

describe('scopes', () => {
  it('omitted scope means every scope selected on the app', () => {
    expect(resolveScopes(app, parseScopeParam(undefined))).toEqual([
      'api',
      'refresh_token',
      'openid',
    ])
  })

  it('refresh_token and offline_access are synonyms', () => {
    expect(resolveScopes(app, parseScopeParam('api offline_access'))).toEqual([
      'api',
      'offline_access',
    ])
    expect(grantsRefreshToken(['offline_access'])).toBe(true)
    expect(grantsRefreshToken(['api', 'full'])).toBe(false)
  })

  it('a scope the app does not have is invalid_scope, with the reason for the trace', () => {
    try {
      resolveScopes(app, ['api', 'full'])
      expect.unreachable()
    } catch (err) {
      expect((err as { toJSON(): unknown }).toJSON()).toEqual({
        error: 'invalid_scope',
        error_description: 'the requested scope is not allowed',
      })
      expect((err as { detail: string }).detail).toContain('full')
    }
  })
})
