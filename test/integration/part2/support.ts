import { expect } from 'vitest'
import type { WorkspaceInput } from '../../../src/core/workspace'
import { form, type RunningGatehouse } from '../../support/gatehouse'
import { testWorkspace, USERS } from '../../support/workspace'

export const TOKEN = '/services/oauth2/token'
export const DEVICE_AUTHORIZE = '/services/oauth2/device/authorize'
export const CONNECT = '/setup/connect'

/** Like the Salesforce CLI's own app: device flow on, secretless polling. */
export const DV = {
  name: 'Device App',
  key: '3MVG9DV.device.flow.consumer.key.for.tests',
  secret: 'dv-secret-0123456789abcdef0123456789abcdef',
}
/** A confidential app with the device flow: polling needs the secret. */
export const DS = {
  name: 'Device Secret App',
  key: '3MVG9DS.device.secret.consumer.key.for.tests',
  secret: 'ds-secret-0123456789abcdef0123456789abcdef',
}
/** An admin-approved app with the device flow (System Administrators only). */
export const DA = {
  name: 'Device Admin App',
  key: '3MVG9DA.device.admin.consumer.key.for.tests',
  secret: 'da-secret-0123456789abcdef0123456789abcdef',
}
/** Token exchange on, JWT access tokens on. */
export const TX = {
  name: 'Exchange App',
  key: '3MVG9TX.token.exchange.consumer.key.for.tests',
  secret: 'tx-secret-0123456789abcdef0123456789abcdef',
  redirect: 'https://exchange.test/cb',
}
/** JWT access tokens on, for the user-agent and code flows. */
export const JW = {
  name: 'JWT Tokens App',
  key: '3MVG9JW.jwt.access.tokens.consumer.key.tests',
  secret: 'jw-secret-0123456789abcdef0123456789abcdef',
  redirect: 'https://jwt.test/cb',
}

/**
 * The shared test workspace plus the part-2 apps: device flow apps, a token exchange app
 * (with `certificate` for JWTs from its identity provider) and a JWT access token app.
 */
export function part2Workspace(options: { certificate?: string } = {}): WorkspaceInput {
  const workspace = testWorkspace()
  workspace.apps!.push(
    {
      kind: 'externalClientApp',
      name: DV.name,
      consumerKey: DV.key,
      consumerSecret: DV.secret,
      scopes: ['api', 'refresh_token', 'web', 'openid', 'id'],
      deviceFlow: { enabled: true },
      requireSecretForRefreshTokenFlow: false,
    },
    {
      kind: 'connectedApp',
      name: DS.name,
      consumerKey: DS.key,
      consumerSecret: DS.secret,
      scopes: ['api', 'id'],
      deviceFlow: { enabled: true },
    },
    {
      kind: 'externalClientApp',
      name: DA.name,
      consumerKey: DA.key,
      consumerSecret: DA.secret,
      scopes: ['api', 'refresh_token'],
      deviceFlow: { enabled: true },
      requireSecretForRefreshTokenFlow: false,
      policies: {
        permittedUsers: 'adminApprovedPreAuthorized',
        profiles: ['System Administrator'],
      },
    },
    {
      kind: 'externalClientApp',
      name: TX.name,
      consumerKey: TX.key,
      consumerSecret: TX.secret,
      callbackUrls: [TX.redirect],
      scopes: ['api', 'refresh_token', 'openid', 'id'],
      tokenExchange: { enabled: true },
      certificate: options.certificate ?? null,
    },
    {
      kind: 'externalClientApp',
      name: JW.name,
      consumerKey: JW.key,
      consumerSecret: JW.secret,
      callbackUrls: [JW.redirect],
      scopes: ['api', 'refresh_token', 'openid', 'id', 'profile'],
      jwtAccessTokens: true,
      tokenExchange: { enabled: true },
    },
  )
  return workspace
}

export { USERS }

/** A multipart/form-data body, as the Salesforce CLI sends its device requests (FormData). */
export function multipart(fields: Record<string, string>): FormData {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.append(name, value)
  return body
}

export function postMultipart(
  gh: RunningGatehouse,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return gh.fetch(path, { method: 'POST', body: multipart(fields), headers })
}

export function postForm(
  gh: RunningGatehouse,
  path: string,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return gh.fetch(path, { method: 'POST', body: form(fields), headers })
}

/** Salesforce's error body, word for word, with its status. */
export async function expectError(
  res: Response,
  status: number,
  error: string,
  description: string,
): Promise<void> {
  expect({ status: res.status, body: await res.json() }).toEqual({
    status,
    body: { error, error_description: description },
  })
}

export function expectNoStore(res: Response): void {
  expect(res.headers.get('cache-control')).toBe('no-store')
  expect(res.headers.get('pragma')).toBe('no-cache')
}

/** The names of the steps a request's trace recorded, with their outcomes. */
export function stepOutcomes(steps: ReadonlyArray<{ name: string; outcome: string }>): string[] {
  return steps.map((s) => `${s.name}:${s.outcome}`)
}
