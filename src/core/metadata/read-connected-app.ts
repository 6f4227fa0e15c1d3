import type { ScopeName } from '../workspace'
import { FileCollector, type AppDraft } from './draft'
import { CA_IP_RELAXATION, parseConnectedAppRefreshPolicy } from './policy-values'
import { scopesForEnum } from './scopes'
import { readSharedOauthElement } from './read-oauth-elements'
import { ValueReader } from './values'
import type { XmlElement } from './xml'

/** Salesforce's session timeout picklist tops out at 24 hours; the workspace allows 1–1440. */
const MAX_SESSION_MINUTES = 1440

/**
 * A `.connectedApp-meta.xml` file as an app draft (reference §2 and the mapping in §8).
 * Every element not mapped here is kept verbatim, at the level it was found.
 */
export function readConnectedApp(
  file: { path: string; name: string },
  root: XmlElement,
): AppDraft | { skipped: FileCollector } {
  const values = new ValueReader(file.path)
  const set = new Map<string, unknown>()
  const collect = new FileCollector(set, { ...file, type: 'connectedApp', root: root.name })
  const oauthConfig = root.children.find((c) => c.name === 'oauthConfig')
  if (oauthConfig === undefined) {
    // SAML-only apps and the stubs managed packages retrieve have no OAuth settings.
    const skipped = new FileCollector(
      new Map(),
      { ...file, type: 'connectedApp', root: root.name },
      'skipped',
    )
    skipped.note('no <oauthConfig>: not an OAuth app, nothing to emulate')
    return { skipped }
  }
  const name = values.text(values.required(root, 'label'))
  if (name === '') values.fail(values.required(root, 'label'), 'expected a label')
  collect.report.app = name
  set.set('name', name)
  // oauthPolicy's two elements are required and sessionPolicy is optional; a hand-written
  // file without them gets what a new app has.
  collect.set('policies.ipRelaxation', 'enforce')
  collect.set('policies.refreshTokenPolicy', { type: 'untilRevoked' })
  collect.set('policies.sessionTimeoutMinutes', null)

  const profiles: string[] = []
  const permissionSets: string[] = []
  let sawProfiles = false
  let sawPermissionSets = false
  for (const element of root.children) {
    switch (element.name) {
      case 'label':
        break
      case 'oauthConfig':
        readOauthConfig(element, values, collect)
        break
      case 'oauthPolicy':
        readOauthPolicy(element, values, collect)
        break
      case 'sessionPolicy':
        readSessionPolicy(element, values, collect)
        break
      case 'profileName': {
        // One empty element clears the list.
        sawProfiles = true
        const value = values.text(element)
        if (value !== '' && !profiles.includes(value)) profiles.push(value)
        break
      }
      case 'permissionSetName': {
        sawPermissionSets = true
        const value = values.text(element)
        if (value !== '' && !permissionSets.includes(value)) permissionSets.push(value)
        break
      }
      default:
        collect.keep(element)
    }
  }
  // Absent lists mean none: a retrieve lists every assigned profile and permission set.
  collect.set('policies.profiles', profiles)
  collect.set('policies.permissionSets', permissionSets)
  if (
    !sawProfiles &&
    !sawPermissionSets &&
    set.get('policies.permittedUsers') === 'adminApprovedPreAuthorized'
  ) {
    collect.note('admin-approved with no profiles or permission sets: no user is pre-authorized')
  }
  // Connected apps have no metadata for these; a blocked app is a UI action, not metadata.
  collect.note(
    'not in connected app metadata, kept as they are in the workspace: blocked, device flow, username-password flow',
  )
  return {
    kind: 'connectedApp',
    apiName: file.name,
    name,
    set,
    bothFiles: {},
    files: [collect.entry],
    reports: [collect.report],
  }
}

function readOauthConfig(config: XmlElement, values: ValueReader, collect: FileCollector) {
  const at = 'oauthConfig'
  const scopes: ScopeName[] = []
  // Absent elements take the documented defaults, so the draft is complete for this file.
  collect.set('requireSecretForWebServerFlow', true)
  collect.set('requireSecretForRefreshTokenFlow', true)
  collect.set('requirePkce', false)
  collect.set('policies.permittedUsers', 'allSelfAuthorize')
  collect.set('clientCredentials.enabled', false)
  collect.set('clientCredentials.runAs', null)
  collect.set('tokenExchange.enabled', false)
  collect.set('refreshTokenRotation', false)
  collect.set('jwtAccessTokens', false)
  collect.set('introspectAllTokens', false)
  collect.set('certificate', null)
  values.required(config, 'callbackUrl')
  for (const element of config.children) {
    if (readSharedOauthElement(element, values, collect)) continue
    switch (element.name) {
      case 'scopes': {
        const name = values.text(element)
        const strings = scopesForEnum(name)
        if (strings === null) {
          collect.keep(element, at)
          collect.notEmulated(`scope ${name}: not a scope Gatehouse knows; kept`)
        } else for (const s of strings) if (!scopes.includes(s)) scopes.push(s)
        break
      }
      case 'isAdminApproved':
        collect.set(
          'policies.permittedUsers',
          values.boolean(element) ? 'adminApprovedPreAuthorized' : 'allSelfAuthorize',
        )
        break
      case 'isClientCredentialEnabled':
        collect.set('clientCredentials.enabled', values.boolean(element))
        break
      case 'oauthClientCredentialUser': {
        const user = values.text(element)
        collect.set('clientCredentials.runAs', user === '' ? null : user)
        break
      }
      case 'isTokenExchangeEnabled':
        collect.set('tokenExchange.enabled', values.boolean(element))
        break
      default:
        collect.keep(element, at)
        if (/^isCodeCredential/.test(element.name) && values.text(element) === 'true') {
          collect.notEmulated(`${element.name}: the headless code credential flow is not emulated`)
        }
    }
  }
  collect.set('scopes', scopes)
}

function readOauthPolicy(policy: XmlElement, values: ValueReader, collect: FileCollector) {
  for (const element of policy.children) {
    switch (element.name) {
      case 'ipRelaxation': {
        const value = values.oneOf(element, Object.keys(CA_IP_RELAXATION))
        collect.set('policies.ipRelaxation', CA_IP_RELAXATION[value])
        break
      }
      case 'refreshTokenPolicy': {
        const text = values.text(element)
        const parsed = parseConnectedAppRefreshPolicy(text)
        if (parsed === null) {
          values.fail(
            element,
            `unknown value "${text}"; expected infinite, zero, specific_lifetime:N:UNIT or specific_inactivity:N:UNIT (N ≥ 1, UNIT HOURS, DAYS or MONTHS)`,
          )
        }
        collect.set('policies.refreshTokenPolicy', parsed)
        break
      }
      case 'isTokenExchangeFlowEnabled':
        // Seen in current retrieves beside oauthConfig.isTokenExchangeEnabled; the writer
        // writes both from the one workspace flag.
        if (values.boolean(element)) collect.set('tokenExchange.enabled', true)
        break
      default:
        collect.keep(element, 'oauthPolicy')
    }
  }
}

function readSessionPolicy(policy: XmlElement, values: ValueReader, collect: FileCollector) {
  for (const element of policy.children) {
    if (element.name === 'sessionTimeout') {
      collect.set('policies.sessionTimeoutMinutes', values.integer(element, 1, MAX_SESSION_MINUTES))
      continue
    }
    collect.keep(element, 'sessionPolicy')
    if (element.name === 'sessionLevel' || element.name === 'policyAction') {
      collect.notEmulated(
        `sessionPolicy.${element.name} ${values.text(element)}: session levels (High Assurance) are not emulated`,
      )
    }
  }
}
