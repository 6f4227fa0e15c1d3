import type { ScopeName } from '../workspace'
import { FileCollector, type AppDraft } from './draft'
import {
  ECA_IP_RELAXATION,
  ECA_PERMITTED_USERS,
  ECA_REFRESH_TYPES,
  ECA_UNITS,
} from './policy-values'
import { scopesForEnum } from './scopes'
import { bothFilesFlag, readSharedOauthElement } from './read-oauth-elements'
import { ValueReader } from './values'
import type { XmlElement } from './xml'

export interface ParsedFile {
  path: string
  type: string
  name: string
  root: XmlElement
}

const MAX_SESSION_MINUTES = 1440

/**
 * An External Client App: its `.eca` header and the files that name it in
 * `<externalClientApplication>` (reference §3–§7 and §8). Any of the child files may be
 * missing; what they would have set is then left to the matched app or the defaults.
 */
export function readExternalClientApp(header: ParsedFile, children: ParsedFile[]): AppDraft {
  const values = new ValueReader(header.path)
  const set = new Map<string, unknown>()
  const draft: AppDraft = {
    kind: 'externalClientApp',
    apiName: header.name,
    name: '',
    set,
    bothFiles: {},
    files: [],
    reports: [],
  }
  const headerCollect = new FileCollector(set, { ...header, root: header.root.name })
  const label = values.required(header.root, 'label')
  draft.name = values.text(label)
  if (draft.name === '') values.fail(label, 'expected a label')
  headerCollect.set('name', draft.name)
  for (const element of header.root.children) {
    if (element.name !== 'label') headerCollect.keep(element)
  }
  add(draft, headerCollect)

  for (const child of children) {
    const collect = new FileCollector(
      set,
      { ...child, root: child.root.name },
      child.type.match(/^(ecaOauth|ecaGlblOauth|ecaOauthPlcy|ecaPlcy)$/)
        ? 'mapped'
        : 'passedThrough',
    )
    const reader = new ValueReader(child.path)
    switch (child.type) {
      case 'ecaOauth':
        readOauthSettings(child.root, reader, collect)
        break
      case 'ecaGlblOauth':
        readGlobalSettings(child.root, reader, collect, draft)
        break
      case 'ecaOauthPlcy':
        readOauthPolicies(child.root, reader, collect, draft)
        break
      case 'ecaPlcy':
        readPolicies(child.root, reader, collect)
        break
      default:
        for (const element of linked(child.root)) collect.keep(element)
        collect.note('a plugin Gatehouse does not emulate; the file is written back unchanged')
    }
    add(draft, collect)
  }
  if (!children.some((c) => c.type === 'ecaGlblOauth')) {
    headerCollect.note(
      'no global OAuth settings file (it holds the secrets and is usually kept out of source control): consumer key, secret, callback URLs and flow settings come from the matching workspace app, or are new',
    )
  }
  return draft
}

function add(draft: AppDraft, collect: FileCollector) {
  collect.report.app = draft.name
  draft.files.push(collect.entry)
  draft.reports.push(collect.report)
}

/** Everything but the link itself, which the writer rebuilds from the app's API name. */
function linked(root: XmlElement): XmlElement[] {
  return root.children.filter((c) => c.name !== 'externalClientApplication')
}

function readOauthSettings(root: XmlElement, values: ValueReader, collect: FileCollector) {
  const scopes: ScopeName[] = []
  for (const element of linked(root)) {
    if (element.name !== 'commaSeparatedOauthScopes') {
      collect.keep(element)
      continue
    }
    const unknown: string[] = []
    for (const name of values.list(element)) {
      const strings = scopesForEnum(name)
      if (strings === null) unknown.push(name)
      else for (const s of strings) if (!scopes.includes(s)) scopes.push(s)
    }
    if (unknown.length > 0) {
      // Kept as a list of their own; the writer adds them back to the comma-separated value.
      collect.keep({ ...element, text: unknown.join(', ') })
      collect.notEmulated(`scopes ${unknown.join(', ')}: not scopes Gatehouse knows; kept`)
    }
  }
  collect.set('scopes', scopes)
}

function readGlobalSettings(
  root: XmlElement,
  values: ValueReader,
  collect: FileCollector,
  draft: AppDraft,
) {
  // The documented defaults of this file; note PKCE is on by default, unlike connected apps.
  collect.set('callbackUrls', [])
  collect.set('requireSecretForWebServerFlow', true)
  collect.set('requireSecretForRefreshTokenFlow', true)
  collect.set('requirePkce', true)
  collect.set('certificate', null)
  collect.set('deviceFlow.enabled', false)
  collect.set('refreshTokenRotation', false)
  collect.set('jwtAccessTokens', false)
  collect.set('introspectAllTokens', false)
  const both = bothFilesFlag(draft, collect, 'global')
  both('clientCredentials', false)
  both('tokenExchange', false)
  for (const element of linked(root)) {
    if (readSharedOauthElement(element, values, collect)) continue
    switch (element.name) {
      case 'isClientCredentialsFlowEnabled':
      case 'isClientCredentialEnabled': // the spelling of a Help sample; accepted as an alias
        both('clientCredentials', values.boolean(element))
        break
      case 'isDeviceFlowEnabled':
        collect.set('deviceFlow.enabled', values.boolean(element))
        break
      case 'isTokenExchangeEnabled':
        both('tokenExchange', values.boolean(element))
        break
      default:
        collect.keep(element)
        if (/^isCodeCred/.test(element.name) && values.text(element) === 'true') {
          collect.notEmulated(`${element.name}: the headless code credential flow is not emulated`)
        }
        if (/^shouldRotate/.test(element.name) && values.text(element) === 'true') {
          collect.notEmulated(`${element.name}: rotation happens on deploy to a real org only`)
        }
    }
  }
}

function readOauthPolicies(
  root: XmlElement,
  values: ValueReader,
  collect: FileCollector,
  draft: AppDraft,
) {
  collect.set('policies.permittedUsers', 'allSelfAuthorize')
  collect.set('policies.profiles', [])
  collect.set('policies.permissionSets', [])
  collect.set('policies.ipRelaxation', 'enforce')
  collect.set('policies.sessionTimeoutMinutes', null)
  collect.set('clientCredentials.runAs', null)
  const both = bothFilesFlag(draft, collect, 'policy')
  both('clientCredentials', false)
  both('tokenExchange', false)
  let refreshType: (typeof ECA_REFRESH_TYPES)[number] = 'Infinite'
  let refreshTypeElement: XmlElement | null = null
  let period: { value: number; element: XmlElement } | null = null
  let unit: { value: string; element: XmlElement } | null = null
  for (const element of linked(root)) {
    switch (element.name) {
      case 'permittedUsersPolicyType':
        collect.set(
          'policies.permittedUsers',
          ECA_PERMITTED_USERS[values.oneOf(element, Object.keys(ECA_PERMITTED_USERS))],
        )
        break
      case 'commaSeparatedProfile':
        collect.set('policies.profiles', unique(values.list(element)))
        break
      case 'commaSeparatedPermissionSet':
        // The docs say ids; real files and tools use API names. Either way it is the name
        // that must match a workspace permission set.
        collect.set('policies.permissionSets', unique(values.list(element)))
        break
      case 'ipRelaxationPolicyType':
        collect.set(
          'policies.ipRelaxation',
          ECA_IP_RELAXATION[values.oneOf(element, Object.keys(ECA_IP_RELAXATION))],
        )
        break
      case 'refreshTokenPolicyType':
        refreshType = values.oneOf(element, ECA_REFRESH_TYPES)
        refreshTypeElement = element
        break
      case 'refreshTokenValidityPeriod':
        period = { value: values.integer(element, 1, Number.MAX_SAFE_INTEGER), element }
        break
      case 'refreshTokenValidityUnit':
        unit = { value: values.oneOf(element, Object.keys(ECA_UNITS)), element }
        break
      case 'sessionTimeoutInMinutes':
        collect.set(
          'policies.sessionTimeoutMinutes',
          values.integer(element, 1, MAX_SESSION_MINUTES),
        )
        break
      case 'isClientCredentialsFlowEnabled':
        both('clientCredentials', values.boolean(element))
        break
      case 'clientCredentialsFlowUser': {
        const user = values.text(element)
        collect.set('clientCredentials.runAs', user === '' ? null : user)
        break
      }
      case 'isTokenExchangeFlowEnabled':
        both('tokenExchange', values.boolean(element))
        break
      default:
        collect.keep(element)
        if (element.name === 'policyAction' || element.name === 'requiredSessionLevel') {
          collect.notEmulated(
            `${element.name} ${values.text(element)}: session levels (High Assurance) are not emulated`,
          )
        }
    }
  }
  if (refreshType === 'Infinite')
    collect.set('policies.refreshTokenPolicy', { type: 'untilRevoked' })
  else if (refreshType === 'Zero') {
    collect.set('policies.refreshTokenPolicy', { type: 'immediatelyExpire' })
  } else {
    if (period === null)
      values.fail(refreshTypeElement, `${refreshType} needs <refreshTokenValidityPeriod>`)
    if (unit === null)
      values.fail(refreshTypeElement, `${refreshType} needs <refreshTokenValidityUnit>`)
    collect.set('policies.refreshTokenPolicy', {
      type: refreshType === 'SpecificLifetime' ? 'expireAfter' : 'expireIfNotUsedFor',
      value: period.value,
      unit: ECA_UNITS[unit.value],
    })
  }
  // A period or unit without a Specific* type carries no meaning; keep it so nothing is lost.
  if (refreshType === 'Infinite' || refreshType === 'Zero') {
    if (period) collect.keep(period.element)
    if (unit) collect.keep(unit.element)
  }
}

function readPolicies(root: XmlElement, values: ValueReader, collect: FileCollector) {
  collect.set('policies.blocked', false)
  for (const element of linked(root)) {
    if (element.name === 'isEnabled') {
      // Our reading: a disabled app refuses OAuth as a blocked one does (not confirmed).
      collect.set('policies.blocked', !values.boolean(element))
      continue
    }
    collect.keep(element)
    if (element.name === 'isOauthPluginEnabled' && values.text(element) === 'false') {
      collect.notEmulated(
        'isOauthPluginEnabled false: OAuth turned off is not emulated; the app still answers',
      )
    }
  }
}

function unique(items: string[]): string[] {
  return [...new Set(items)]
}
