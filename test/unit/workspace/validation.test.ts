import { describe, expect, it } from 'vitest'
import {
  parseWorkspace,
  parseWorkspaceJson,
  WorkspaceValidationError,
  type WorkspaceIssue,
} from '../../../src/core/workspace'
import { minimalWorkspace, type LooseWorkspace } from './sample'

function issuesOf(input: unknown): WorkspaceIssue[] {
  try {
    parseWorkspace(input)
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceValidationError)
    return (error as WorkspaceValidationError).issues
  }
  throw new Error('expected the workspace to be rejected')
}

function issuesAfter(change: (ws: LooseWorkspace) => void): WorkspaceIssue[] {
  const ws = minimalWorkspace()
  change(ws)
  return issuesOf(ws)
}

describe('workspace validation: shape', () => {
  it('accepts the minimal workspace', () => {
    expect(() => parseWorkspace(minimalWorkspace())).not.toThrow()
  })

  it('requires "gatehouse": 1', () => {
    expect(issuesAfter((ws) => delete ws.gatehouse)).toEqual([
      { path: 'gatehouse', message: 'required field is missing (expected 1)' },
    ])
    expect(issuesAfter((ws) => (ws.gatehouse = 2))).toEqual([
      { path: 'gatehouse', message: 'expected 1, got 2' },
    ])
  })

  it('names the root when the document is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: '(root)', message: 'expected an object, got an array' }])
  })

  it('reports each unknown field with its path, at any depth', () => {
    const issues = issuesAfter((ws) => {
      ws.colour = 'blue'
      ws.users[0].foo = 1
      ws.users[0].bar = 2
      ws.apps[0].policies = { refreshTokenPolicy: { type: 'untilRevoked', value: 3 } }
    })
    expect(issues).toEqual([
      { path: 'users[0].foo', message: 'unknown field' },
      { path: 'users[0].bar', message: 'unknown field' },
      { path: 'apps[0].policies.refreshTokenPolicy.value', message: 'unknown field' },
      { path: 'colour', message: 'unknown field' },
    ])
  })

  it('says which type was expected and what was found', () => {
    expect(issuesAfter((ws) => (ws.users[0].active = 'yes'))).toEqual([
      { path: 'users[0].active', message: 'expected a boolean (true or false), got "yes"' },
    ])
    expect(issuesAfter((ws) => (ws.org.sessionTimeoutMinutes = 1.5))).toEqual([
      { path: 'org.sessionTimeoutMinutes', message: 'expected an integer, got 1.5' },
    ])
    expect(issuesAfter((ws) => delete ws.users[0].lastName)).toEqual([
      { path: 'users[0].lastName', message: 'required field is missing (expected a string)' },
    ])
  })

  it('lists the allowed values of an enumeration', () => {
    expect(issuesAfter((ws) => (ws.org.edition = 'Free'))).toEqual([
      {
        path: 'org.edition',
        message:
          'expected one of Developer, Enterprise, Unlimited, Professional, Performance, got "Free"',
      },
    ])
    const [issue] = issuesAfter(
      (ws) => (ws.apps[0].policies = { refreshTokenPolicy: { type: 'never' } }),
    )
    expect(issue).toEqual({
      path: 'apps[0].policies.refreshTokenPolicy.type',
      message:
        'expected one of untilRevoked, immediatelyExpire, expireIfNotUsedFor, expireAfter, got "never"',
    })
  })

  it('checks refresh-token policy details', () => {
    const issues = issuesAfter(
      (ws) => (ws.apps[0].policies = { refreshTokenPolicy: { type: 'expireAfter', value: 0 } }),
    )
    expect(issues).toEqual([
      { path: 'apps[0].policies.refreshTokenPolicy.value', message: 'expected at least 1' },
      {
        path: 'apps[0].policies.refreshTokenPolicy.unit',
        message: 'required field is missing (expected one of hours, days, months)',
      },
    ])
  })

  it('accepts only Salesforce scope names', () => {
    const [issue] = issuesAfter((ws) => (ws.apps[0].scopes = ['api', 'API']))
    expect(issue!.path).toBe('apps[0].scopes[1]')
    expect(issue!.message).toMatch(/^expected one of api, chatter_api, full, .* got "API"$/)
  })

  it('rejects callback URLs that are not absolute URLs, carry a fragment, or could run code', () => {
    const issues = issuesAfter(
      (ws) =>
        (ws.apps[0].callbackUrls = [
          '/relative/callback',
          'https://app.test/cb#frag',
          'javascript:alert(1)',
          'data:text/html,hi',
          'file:///etc/passwd',
          42,
          'com.example.app:/oauth2redirect',
        ]),
    )
    expect(issues).toEqual([
      { path: 'apps[0].callbackUrls[0]', message: 'expected a URL string' },
      { path: 'apps[0].callbackUrls[1]', message: 'must not contain a fragment (#)' },
      { path: 'apps[0].callbackUrls[2]', message: 'must not use the javascript: scheme' },
      { path: 'apps[0].callbackUrls[3]', message: 'must not use the data: scheme' },
      { path: 'apps[0].callbackUrls[4]', message: 'must not use the file: scheme' },
      { path: 'apps[0].callbackUrls[5]', message: 'expected a URL string' },
    ])
  })

  it('validates IP addresses and range order', () => {
    const issues = issuesAfter((ws) => {
      ws.org.trustedIpRanges = [
        { start: '10.0.0.1', end: '10.0.0.300' },
        { start: '10.0.0.9', end: '10.0.0.1' },
        { start: '10.0.0.1', end: '::1' },
        { start: '2001:db8::ffff', end: '2001:db8::1' },
        { start: '::ffff:10.0.0.1', end: '::ffff:10.0.0.2' },
      ]
      ws.simulation = { clientIp: 'localhost' }
    })
    expect(issues).toEqual([
      { path: 'org.trustedIpRanges[0].end', message: 'expected an IPv4 or IPv6 address' },
      {
        path: 'org.trustedIpRanges[1].end',
        message: 'expected an address at or after start (10.0.0.9)',
      },
      {
        path: 'org.trustedIpRanges[2].end',
        message: 'expected the same IP version as start (both IPv4 or both IPv6)',
      },
      {
        path: 'org.trustedIpRanges[3].end',
        message: 'expected an address at or after start (2001:db8::ffff)',
      },
      { path: 'simulation.clientIp', message: 'expected an IPv4 or IPv6 address' },
    ])
  })

  it('requires consumer secrets of at least 32 characters', () => {
    expect(issuesAfter((ws) => (ws.apps[0].consumerSecret = 'tooshort'))).toEqual([
      {
        path: 'apps[0].consumerSecret',
        message: 'expected at least 32 characters (Salesforce’s minimum secret length)',
      },
    ])
  })

  it('requires certificates to be readable PEM X.509 certificates', () => {
    const [issue] = issuesAfter(
      (ws) =>
        (ws.apps[0].certificate =
          '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----'),
    )
    expect(issue).toEqual({
      path: 'apps[0].certificate',
      message: 'expected a PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- …)',
    })
  })

  it('checks the shape of org and user ids', () => {
    const issues = issuesAfter((ws) => {
      ws.org.id = '005000000000000AAA'
      ws.users[0].id = '005short'
    })
    expect(issues).toEqual([
      {
        path: 'org.id',
        message: 'expected a 15- or 18-character org id starting with 00D',
      },
      {
        path: 'users[0].id',
        message: 'expected a 15- or 18-character user id starting with 005',
      },
    ])
  })

  it('checks usernames and emails look like email addresses', () => {
    const issues = issuesAfter((ws) => {
      ws.users[0].username = 'ada'
      ws.users[0].email = 'ada at acme'
    })
    expect(issues.map((issue) => issue.path)).toEqual(['users[0].username', 'users[0].email'])
    expect(issues[0]!.message).toBe('expected a username in the form name@example.com')
  })

  it('checks sObject names and record values', () => {
    const issues = issuesAfter(
      (ws) =>
        (ws.records = {
          'Bad Name': [],
          Account: [{ Name: 'Edge', Address: { City: 'Austin' } }],
          Contact: [{ Id: 'not-an-id' }],
        }),
    )
    expect(issues).toEqual([
      {
        path: 'records["Bad Name"]',
        message: 'expected an sObject API name (letters, digits and underscores, e.g. Account)',
      },
      {
        path: 'records.Account[0].Address',
        message: 'expected a string, a number, a boolean (true or false) or null, got an object',
      },
    ])
    expect(issuesAfter((ws) => (ws.records = { Contact: [{ Id: 'not-an-id' }] }))).toEqual([
      { path: 'records.Contact[0].Id', message: 'expected a 15- or 18-character Salesforce id' },
    ])
  })

  it('keeps fault rules to their documented fields', () => {
    expect(
      issuesAfter((ws) => (ws.faults = [{ when: {}, then: { latencyMs: 5 }, after: 1 }])),
    ).toEqual([{ path: 'faults[0].after', message: 'unknown field' }])
    expect(issuesAfter((ws) => (ws.faults = [{ when: 'always', then: { latencyMs: 5 } }]))).toEqual(
      [{ path: 'faults[0].when', message: 'expected an object, got "always"' }],
    )
  })
})

describe('workspace validation: cross references', () => {
  it('requires users to name existing profiles and permission sets', () => {
    const issues = issuesAfter((ws) => {
      ws.users[0].profile = 'standard user'
      ws.users[0].permissionSets = ['Reporting', 'Payroll']
    })
    expect(issues).toEqual([
      {
        path: 'users[0].profile',
        message:
          'no profile named "standard user" (names are case-sensitive; did you mean "Standard User"?)',
      },
      {
        path: 'users[0].permissionSets[1]',
        message: 'no permission set named "Payroll" in this workspace',
      },
    ])
  })

  it('requires app policies to name existing profiles and permission sets', () => {
    const issues = issuesAfter(
      (ws) =>
        (ws.apps[0].policies = {
          permittedUsers: 'adminApprovedPreAuthorized',
          profiles: ['Standard User', 'Partner'],
          permissionSets: ['Payroll'],
        }),
    )
    expect(issues.map((issue) => issue.path)).toEqual([
      'apps[0].policies.profiles[1]',
      'apps[0].policies.permissionSets[0]',
    ])
  })

  it('requires a run-as user that exists when client credentials are on', () => {
    expect(
      issuesAfter(
        (ws) => (ws.apps[0].clientCredentials = { enabled: true, runAs: 'bob@acme.test' }),
      ),
    ).toEqual([
      { path: 'apps[0].clientCredentials.runAs', message: 'no user with username "bob@acme.test"' },
    ])
    expect(issuesAfter((ws) => (ws.apps[0].clientCredentials = { enabled: true }))).toEqual([
      {
        path: 'apps[0].clientCredentials.runAs',
        message: 'required when client credentials are enabled (the user tokens are issued for)',
      },
    ])
    // Usernames match without regard to case, as at login.
    expect(() =>
      parseWorkspace({
        ...minimalWorkspace(),
        apps: [
          {
            kind: 'connectedApp',
            name: 'M',
            clientCredentials: { enabled: true, runAs: 'ADA@acme.test' },
          },
        ],
      }),
    ).not.toThrow()
  })

  it('refuses duplicate usernames regardless of case', () => {
    const issues = issuesAfter((ws) => ws.users.push({ ...ws.users[0], username: 'Ada@Acme.test' }))
    expect(issues).toEqual([
      {
        path: 'users[1].username',
        message: 'duplicates users[0].username (compared without regard to case)',
      },
    ])
  })

  it('refuses duplicate app names, consumer keys, user ids, profile and permission set names', () => {
    const issues = issuesAfter((ws) => {
      ws.profiles.push({ name: 'Standard User' })
      ws.permissionSets.push({ name: 'Reporting' })
      ws.users[0].id = '005000000000001'
      ws.users.push({ ...ws.users[0], username: 'bob@acme.test' })
      ws.apps[0].consumerKey = '3MVG9same'
      ws.apps.push({ kind: 'connectedApp', name: 'ORDER SYNC', consumerKey: '3MVG9same' })
    })
    expect(issues).toEqual([
      { path: 'profiles[1].name', message: 'duplicates profiles[0].name' },
      { path: 'permissionSets[1].name', message: 'duplicates permissionSets[0].name' },
      {
        path: 'apps[1].name',
        message: 'duplicates apps[0].name (compared without regard to case)',
      },
      { path: 'users[1].id', message: 'duplicates users[0].id' },
      { path: 'apps[1].consumerKey', message: 'duplicates apps[0].consumerKey' },
    ])
  })

  it('refuses the username-password flow on external client apps', () => {
    const issues = issuesAfter((ws) => {
      ws.apps[0].kind = 'externalClientApp'
      ws.apps[0].usernamePassword = { enabled: true }
    })
    expect(issues).toEqual([
      {
        path: 'apps[0].usernamePassword.enabled',
        message: 'usernamePassword is not available to external client apps',
      },
    ])
  })

  it('refuses duplicate record ids and sObject names that differ only in case', () => {
    const issues = issuesAfter(
      (ws) =>
        (ws.records = {
          Account: [{ Id: '001A0000006Vm9r' }, { Id: '001A0000006Vm9rIAC' }],
          account: [],
        }),
    )
    expect(issues).toEqual([
      { path: 'records.Account[1].Id', message: 'duplicates records.Account[0].Id' },
      {
        path: 'records.account',
        message: 'duplicates records.Account (sObject names ignore case)',
      },
    ])
  })
})

describe('WorkspaceValidationError', () => {
  it('puts every issue on its own line, first issue first', () => {
    try {
      parseWorkspace({ ...minimalWorkspace(), gatehouse: 2, extra: true })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(WorkspaceValidationError)
      expect((error as Error).message).toBe('gatehouse: expected 1, got 2\nextra: unknown field')
      expect((error as Error).name).toBe('WorkspaceValidationError')
    }
  })
})

describe('parseWorkspaceJson', () => {
  it('reports JSON syntax errors at (root) with the position', () => {
    try {
      parseWorkspaceJson('{\n  "gatehouse": 1,\n  "org": {"name": "x",}\n}')
      expect.unreachable()
    } catch (error) {
      const { issues } = error as WorkspaceValidationError
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toBe('(root)')
      expect(issues[0]!.message).toMatch(/^invalid JSON: .*position 42 \(line 3, column 23\)$/)
    }
  })

  it('reports truncated documents', () => {
    expect(() => parseWorkspaceJson('{"gatehouse": 1')).toThrow(/^\(root\): invalid JSON: /)
  })

  it('validates what it parsed', () => {
    expect(() => parseWorkspaceJson('{"gatehouse": 1}')).toThrow(
      'org: required field is missing (expected an object)',
    )
  })
})
