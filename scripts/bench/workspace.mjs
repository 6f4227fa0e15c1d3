// The workspace every Gatehouse scenario runs against: one client-credentials app with opaque
// tokens, the same with JWT access tokens, a username-password app, a user with a password,
// and ACCOUNT_COUNT Account records for the REST scenarios. The daily API allocation and the
// login rate (Salesforce: 3600 logins per user and hour, which a load run passes in seconds)
// are raised, so no run is refused by a limit it is not measuring.

export const ACCOUNT_COUNT = 10_000

export const BENCH_PASSWORD = 'Bench-Passw0rd!'
export const BENCH_USER = 'bench.user@gatehouse.bench'
const RUN_AS = {
  opaque: 'bench.integration@gatehouse.bench',
  jwt: 'bench.integration.jwt@gatehouse.bench',
}

export const APPS = {
  opaque: {
    key: '3MVG9BENCH.client.credentials.opaque.key',
    secret: 'bench-opaque-secret-0123456789abcdef0123456789',
  },
  jwt: {
    key: '3MVG9BENCH.client.credentials.jwt.key',
    secret: 'bench-jwt-secret-0123456789abcdef0123456789ab',
  },
  password: {
    key: '3MVG9BENCH.username.password.key',
    secret: 'bench-password-secret-0123456789abcdef012345',
  },
}

const INDUSTRIES = ['Banking', 'Energy', 'Retail', 'Technology', 'Healthcare', 'Education']
const CITIES = ['Paris', 'Lyon', 'Berlin', 'Madrid', 'Oslo', 'Porto', 'Vienna', 'Dublin']

/** Account records with a few realistic fields; deterministic so every run queries the same data. */
function accounts(count) {
  const records = []
  for (let i = 0; i < count; i++) {
    records.push({
      Name: `Bench Account ${String(i).padStart(5, '0')}`,
      Industry: INDUSTRIES[i % INDUSTRIES.length],
      BillingCity: CITIES[i % CITIES.length],
      AnnualRevenue: 10_000 + ((i * 7919) % 5_000_000),
      NumberOfEmployees: 1 + ((i * 31) % 5000),
      Phone: `+33 1 ${String(10_000_000 + i).slice(0, 8)}`,
    })
  }
  return records
}

function clientCredentialsApp(name, app, runAs, jwtAccessTokens) {
  return {
    kind: 'externalClientApp',
    name,
    consumerKey: app.key,
    consumerSecret: app.secret,
    scopes: ['api'],
    clientCredentials: { enabled: true, runAs },
    jwtAccessTokens,
    policies: { permittedUsers: 'adminApprovedPreAuthorized', profiles: ['Integration User'] },
  }
}

/**
 * The bench workspace. `jwtAccessTokens` is only written when the engine knows the field, so
 * the same file still loads in a build without it (strict schema); see supportsJwtAccessTokens.
 */
export function benchWorkspace({ jwtAccessTokens = true, accountCount = ACCOUNT_COUNT } = {}) {
  const jwtApp = clientCredentialsApp('Bench JWT', APPS.jwt, RUN_AS.jwt, true)
  if (!jwtAccessTokens) delete jwtApp.jwtAccessTokens
  const opaqueApp = clientCredentialsApp('Bench Opaque', APPS.opaque, RUN_AS.opaque, false)
  if (!jwtAccessTokens) delete opaqueApp.jwtAccessTokens
  return {
    gatehouse: 1,
    org: {
      id: '00D5g00000BENCHAAA',
      name: 'Gatehouse Bench',
      edition: 'Developer',
      dailyApiRequests: 1_000_000_000,
      loginRateLimitPerHour: 1_000_000,
    },
    profiles: [
      { name: 'Standard User', apiEnabled: true },
      { name: 'Integration User', apiEnabled: true },
    ],
    users: [
      {
        username: BENCH_USER,
        password: BENCH_PASSWORD,
        firstName: 'Bench',
        lastName: 'User',
        email: BENCH_USER,
        profile: 'Standard User',
      },
      ...Object.values(RUN_AS).map((username) => ({
        username,
        lastName: 'Integration',
        email: username,
        profile: 'Integration User',
      })),
    ],
    apps: [
      opaqueApp,
      ...(jwtAccessTokens ? [jwtApp] : []),
      {
        kind: 'connectedApp',
        name: 'Bench Password',
        consumerKey: APPS.password.key,
        consumerSecret: APPS.password.secret,
        callbackUrls: ['http://localhost:3000/callback'],
        scopes: ['api'],
        usernamePassword: { enabled: true },
      },
    ],
    records: { Account: accounts(accountCount) },
  }
}
