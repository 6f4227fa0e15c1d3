import type { App } from './api'

export interface Snippet {
  tool: 'curl' | 'jsforce' | 'openid-client'
  code: string
}

export interface FlowSnippets {
  id: string
  title: string
  description: string
  snippets: Snippet[]
}

const q = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`

/** Ready-to-run snippets for each flow the app allows, against this org. */
export function snippetsFor(app: App, baseUrl: string): FlowSnippets[] {
  const token = `${baseUrl}/services/oauth2/token`
  const authorize = `${baseUrl}/services/oauth2/authorize`
  const callback = app.callbackUrls[0] ?? 'http://localhost:3000/oauth/callback'
  const key = app.consumerKey
  const scope = app.scopes.join(' ') || 'api'
  const secretVar = '$CONSUMER_SECRET'
  const flows: FlowSnippets[] = []
  const pkce = app.requirePkce
  const secretForCode = app.requireSecretForWebServerFlow

  const authorizeUrl =
    `${authorize}?response_type=code&client_id=${encodeURIComponent(key)}` +
    `&redirect_uri=${encodeURIComponent(callback)}&scope=${encodeURIComponent(scope)}` +
    (pkce ? '&code_challenge=$CODE_CHALLENGE&code_challenge_method=S256' : '')

  flows.push({
    id: 'web_server',
    title: 'Web server (authorization code)',
    description: `Send the user to the authorize URL, then exchange the code for tokens${
      pkce ? ' (PKCE required)' : ''
    }${secretForCode ? '' : '; the secret is not required'}.`,
    snippets: [
      {
        tool: 'curl',
        code: [
          '# 1. Open in a browser and log in:',
          `#    ${authorizeUrl}`,
          '# 2. Exchange the code from the callback:',
          `curl -s ${q(token)} \\`,
          `  -d grant_type=authorization_code \\`,
          `  --data-urlencode code="$CODE" \\`,
          `  -d client_id=${q(key)} \\`,
          ...(secretForCode ? [`  -d client_secret="${secretVar}" \\`] : []),
          ...(pkce ? [`  -d code_verifier="$CODE_VERIFIER" \\`] : []),
          `  --data-urlencode redirect_uri=${q(callback)}`,
        ].join('\n'),
      },
      {
        tool: 'jsforce',
        code: [
          "import jsforce from 'jsforce'",
          '',
          'const oauth2 = new jsforce.OAuth2({',
          `  loginUrl: '${baseUrl}',`,
          `  clientId: '${key}',`,
          ...(secretForCode ? ['  clientSecret: process.env.CONSUMER_SECRET,'] : []),
          `  redirectUri: '${callback}',`,
          ...(pkce ? ['  useVerifier: true, // PKCE'] : []),
          '})',
          `const url = oauth2.getAuthorizationUrl({ scope: '${scope}' })`,
          '// … after the callback:',
          'const conn = new jsforce.Connection({ oauth2 })',
          'await conn.authorize(code)',
          "console.log(await conn.query('SELECT Id, Name FROM Account'))",
        ].join('\n'),
      },
      {
        tool: 'openid-client',
        code: [
          "import * as client from 'openid-client'",
          '',
          `const config = await client.discovery(new URL('${baseUrl}'), '${key}',`,
          secretForCode
            ? '  process.env.CONSUMER_SECRET, undefined,'
            : '  undefined, client.None(),',
          '  { execute: [client.allowInsecureRequests] })',
          'const verifier = client.randomPKCECodeVerifier()',
          'const url = client.buildAuthorizationUrl(config, {',
          `  redirect_uri: '${callback}',`,
          `  scope: '${scope}',`,
          '  code_challenge: await client.calculatePKCECodeChallenge(verifier),',
          "  code_challenge_method: 'S256',",
          '})',
          '// … after the callback (currentUrl: the callback URL with ?code=…):',
          'const tokens = await client.authorizationCodeGrant(config, currentUrl, {',
          '  pkceCodeVerifier: verifier,',
          '})',
        ].join('\n'),
      },
    ],
  })

  if (app.scopes.includes('refresh_token') || app.scopes.includes('offline_access')) {
    const secretForRefresh = app.requireSecretForRefreshTokenFlow
    flows.push({
      id: 'refresh_token',
      title: 'Refresh token',
      description: `Get a new access token with the refresh token${
        app.refreshTokenRotation ? ' (rotation on: a new refresh token comes back each time)' : ''
      }.`,
      snippets: [
        {
          tool: 'curl',
          code: [
            `curl -s ${q(token)} \\`,
            '  -d grant_type=refresh_token \\',
            '  --data-urlencode refresh_token="$REFRESH_TOKEN" \\',
            `  -d client_id=${q(key)}${secretForRefresh ? ' \\' : ''}`,
            ...(secretForRefresh ? [`  -d client_secret="${secretVar}"`] : []),
          ].join('\n'),
        },
        {
          tool: 'jsforce',
          code: [
            'const conn = new jsforce.Connection({',
            `  oauth2: { loginUrl: '${baseUrl}', clientId: '${key}'${
              secretForRefresh ? ', clientSecret: process.env.CONSUMER_SECRET' : ''
            } },`,
            `  instanceUrl: '${baseUrl}',`,
            '  accessToken,',
            '  refreshToken,',
            '})',
            "conn.on('refresh', (token) => console.log('refreshed', token))",
          ].join('\n'),
        },
        {
          tool: 'openid-client',
          code: 'const tokens = await client.refreshTokenGrant(config, refreshToken)',
        },
      ],
    })
  }

  if (app.kind === 'connectedApp' && app.usernamePassword.enabled) {
    flows.push({
      id: 'password',
      title: 'Username-password',
      description: 'Connected apps only. The password is followed by the security token, if any.',
      snippets: [
        {
          tool: 'curl',
          code: [
            `curl -s ${q(token)} \\`,
            '  -d grant_type=password \\',
            `  -d client_id=${q(key)} \\`,
            `  -d client_secret="${secretVar}" \\`,
            '  --data-urlencode username="ada@acme.test" \\',
            "  --data-urlencode password='Passw0rd!'",
          ].join('\n'),
        },
        {
          tool: 'jsforce',
          code: [
            'const conn = new jsforce.Connection({',
            `  oauth2: { loginUrl: '${baseUrl}', clientId: '${key}', clientSecret: process.env.CONSUMER_SECRET },`,
            '})',
            "await conn.login('ada@acme.test', 'Passw0rd!')",
          ].join('\n'),
        },
        {
          tool: 'openid-client',
          code: [
            "const tokens = await client.genericGrantRequest(config, 'password', {",
            "  username: 'ada@acme.test',",
            "  password: 'Passw0rd!',",
            '})',
          ].join('\n'),
        },
      ],
    })
  }

  if (app.clientCredentials.enabled) {
    flows.push({
      id: 'client_credentials',
      title: 'Client credentials',
      description: `Tokens for the run-as user${
        app.clientCredentials.runAs ? ` (${app.clientCredentials.runAs})` : ''
      }, no login.`,
      snippets: [
        {
          tool: 'curl',
          code: [
            `curl -s ${q(token)} \\`,
            '  -d grant_type=client_credentials \\',
            `  -u ${q(key)}:"${secretVar}"`,
          ].join('\n'),
        },
        {
          tool: 'jsforce',
          code: [
            'const conn = new jsforce.Connection({',
            `  oauth2: { loginUrl: '${baseUrl}', clientId: '${key}', clientSecret: process.env.CONSUMER_SECRET },`,
            '})',
            'await conn.authorize({ grant_type: "client_credentials" })',
          ].join('\n'),
        },
        {
          tool: 'openid-client',
          code: 'const tokens = await client.clientCredentialsGrant(config)',
        },
      ],
    })
  }

  if (app.certificate) {
    flows.push({
      id: 'jwt_bearer',
      title: 'JWT bearer',
      description:
        'Sign an assertion (iss = consumer key, sub = username, aud = login host, exp ≤ 3 min) with the private key of the app’s certificate. The JWT view builds one by hand.',
      snippets: [
        {
          tool: 'curl',
          code: [
            `curl -s ${q(token)} \\`,
            "  -d grant_type='urn:ietf:params:oauth:grant-type:jwt-bearer' \\",
            '  --data-urlencode assertion="$ASSERTION"',
          ].join('\n'),
        },
        {
          tool: 'jsforce',
          code: [
            "import { readFileSync } from 'node:fs'",
            "import { SignJWT, importPKCS8 } from 'jose'",
            '',
            "const key = await importPKCS8(readFileSync('server.key', 'utf8'), 'RS256')",
            `const assertion = await new SignJWT({})`,
            "  .setProtectedHeader({ alg: 'RS256' })",
            `  .setIssuer('${key}')`,
            "  .setSubject('integration@acme.test')",
            "  .setAudience('https://login.salesforce.com')",
            "  .setExpirationTime('3m')",
            '  .sign(key)',
            `const conn = new jsforce.Connection({ loginUrl: '${baseUrl}' })`,
            'await conn.authorize({',
            "  grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',",
            '  assertion,',
            '})',
          ].join('\n'),
        },
        {
          tool: 'openid-client',
          code: [
            "const tokens = await client.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:jwt-bearer', {",
            '  assertion,',
            '})',
          ].join('\n'),
        },
      ],
    })
  }

  if (app.deviceFlow.enabled) {
    flows.push({
      id: 'device',
      title: 'Device flow',
      description: 'Ask for a user code, let the user enter it at /setup/connect, then poll.',
      snippets: [
        {
          tool: 'curl',
          code: [
            `curl -s ${q(token)} -d response_type=device_code -d client_id=${q(key)} -d scope=${q(scope)}`,
            '# show user_code and verification_uri to the user, then poll every `interval` s:',
            `curl -s ${q(token)} -d grant_type=device -d client_id=${q(key)} -d code="$DEVICE_CODE"`,
          ].join('\n'),
        },
        {
          tool: 'openid-client',
          code: [
            `const response = await client.initiateDeviceAuthorization(config, { scope: '${scope}' })`,
            'console.log(response.verification_uri, response.user_code)',
            'const tokens = await client.pollDeviceAuthorizationGrant(config, response)',
          ].join('\n'),
        },
      ],
    })
  }
  return flows
}
