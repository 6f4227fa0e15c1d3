import type { WorkspaceInput } from '../../src/core/workspace'

/**
 * The workspace most integration tests run against: a confidential app (C1), a second
 * confidential app (C2), a public PKCE app (P1), an admin-approved app, and a client
 * credentials app — the cast of reference/security-cases.md.
 */
export const ORG_ID = '00D5g00000ABCDEFGH'

export const PASSWORD = 'Passw0rd!'

export const USERS = {
  ada: 'ada@acme.test',
  sam: 'sam@acme.test',
  olga: 'olga@acme.test',
  integration: 'integration@acme.test',
} as const

export const C1 = {
  name: 'Confidential One',
  key: '3MVG9C1.confidential.one.consumer.key.for.tests',
  secret: 'c1-secret-0123456789abcdef0123456789abcdef',
  redirect: 'https://app.test/cb',
}
export const C2 = {
  name: 'Confidential Two',
  key: '3MVG9C2.confidential.two.consumer.key.for.tests',
  secret: 'c2-secret-0123456789abcdef0123456789abcdef',
  redirect: 'https://two.test/cb',
}
export const P1 = {
  name: 'Public One',
  key: '3MVG9P1.public.pkce.consumer.key.for.tests',
  secret: 'p1-secret-0123456789abcdef0123456789abcdef',
  redirect: 'https://public.test/cb',
}
export const AA = {
  name: 'Admin Approved',
  key: '3MVG9AA.admin.approved.consumer.key.for.tests',
  secret: 'aa-secret-0123456789abcdef0123456789abcdef',
  redirect: 'https://admin.test/cb',
}
export const CC = {
  name: 'Machine',
  key: '3MVG9CC.client.credentials.consumer.key.tests',
  secret: 'cc-secret-0123456789abcdef0123456789abcdef',
}

export function testWorkspace(): WorkspaceInput {
  return {
    gatehouse: 1,
    org: { id: ORG_ID, name: 'Acme Test', edition: 'Developer', sessionTimeoutMinutes: 120 },
    profiles: [
      { name: 'System Administrator', apiEnabled: true },
      { name: 'Standard User', apiEnabled: true },
      { name: 'Integration User', apiEnabled: true },
      { name: 'No API', apiEnabled: false },
    ],
    permissionSets: [{ name: 'Integration Access' }],
    users: [
      {
        username: USERS.ada,
        password: PASSWORD,
        firstName: 'Ada',
        lastName: 'Admin',
        email: USERS.ada,
        profile: 'System Administrator',
      },
      {
        username: USERS.sam,
        password: PASSWORD,
        firstName: 'Sam',
        lastName: 'Sales',
        email: USERS.sam,
        profile: 'Standard User',
      },
      {
        username: USERS.olga,
        password: PASSWORD,
        firstName: 'Olga',
        lastName: 'Offboarded',
        email: USERS.olga,
        profile: 'Standard User',
        active: false,
      },
      {
        username: USERS.integration,
        lastName: 'Integration',
        email: USERS.integration,
        profile: 'Integration User',
        permissionSets: ['Integration Access'],
      },
    ],
    apps: [
      {
        kind: 'connectedApp',
        name: C1.name,
        consumerKey: C1.key,
        consumerSecret: C1.secret,
        callbackUrls: [C1.redirect, 'http://localhost:3000/oauth/callback'],
        scopes: ['api', 'refresh_token', 'openid', 'id', 'profile', 'email', 'web'],
        usernamePassword: { enabled: true },
      },
      {
        kind: 'connectedApp',
        name: C2.name,
        consumerKey: C2.key,
        consumerSecret: C2.secret,
        callbackUrls: [C2.redirect],
        scopes: ['api', 'refresh_token', 'openid'],
      },
      {
        kind: 'externalClientApp',
        name: P1.name,
        consumerKey: P1.key,
        consumerSecret: P1.secret,
        callbackUrls: [P1.redirect],
        scopes: ['api', 'refresh_token', 'openid'],
        requirePkce: true,
        requireSecretForWebServerFlow: false,
        requireSecretForRefreshTokenFlow: false,
      },
      {
        kind: 'externalClientApp',
        name: AA.name,
        consumerKey: AA.key,
        consumerSecret: AA.secret,
        callbackUrls: [AA.redirect],
        scopes: ['api', 'refresh_token'],
        policies: {
          permittedUsers: 'adminApprovedPreAuthorized',
          profiles: ['System Administrator'],
        },
      },
      {
        kind: 'externalClientApp',
        name: CC.name,
        consumerKey: CC.key,
        consumerSecret: CC.secret,
        scopes: ['api', 'refresh_token', 'full'],
        clientCredentials: { enabled: true, runAs: USERS.integration },
        policies: { permittedUsers: 'adminApprovedPreAuthorized', profiles: ['Integration User'] },
      },
    ],
  }
}
