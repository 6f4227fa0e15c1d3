import type { Workspace, WorkspaceApp } from '../workspace'
import type { MetadataFileEntry } from './draft'
import {
  CA_IP_RELAXATION,
  ECA_IP_RELAXATION,
  ECA_PERMITTED_USERS,
  formatConnectedAppRefreshPolicy,
  formatEcaRefreshPolicy,
  reverse,
} from './policy-values'
import { enumsForScopes, widenScopes } from './scopes'
import { MAPPED_TYPES, type MappedType, type MetadataFiles } from './types'
import { pemToCertificateBody } from './values'
import { buildDocument, parentElement, parseElementText, textElement, type XmlElement } from './xml'

export interface ExportOptions {
  /** Write the External Client Apps' global OAuth settings and connected apps' secrets. */
  withSecrets?: boolean
  /** Package directory new files go under (the project's default one). */
  packageDir?: string
}

export interface ExportResult {
  files: MetadataFiles
  /** What the metadata cannot say, per app. */
  notes: Array<{ app: string; message: string }>
}

/** Default member names of an External Client App's child files (the Canvas guide's). */
const CHILD_SUFFIX: Record<Exclude<MappedType, 'connectedApp' | 'eca'>, string> = {
  ecaOauth: '_oauth',
  ecaGlblOauth: '_glbloauth',
  ecaOauthPlcy: '_oauthPlcy',
  ecaPlcy: '_plcy',
}

/**
 * The workspace's apps as Metadata API source files: one `.connectedApp` per connected app;
 * header, OAuth settings and policies per External Client App (the global OAuth settings only
 * with `withSecrets`). Elements are in alphabetical order at every level, as retrieves write
 * them, and the elements kept from an import go back where they came from.
 */
export function exportMetadata(workspace: Workspace, options: ExportOptions = {}): ExportResult {
  const out = new MetadataWriter(workspace, options)
  for (const app of workspace.apps) out.writeApp(app)
  return { files: out.files, notes: out.notes }
}

class MetadataWriter {
  readonly files: MetadataFiles = {}
  readonly notes: ExportResult['notes'] = []
  private readonly usedApiNames = new Set<string>()
  /** Where the app's files live (e.g. src-apps/main/default), so new ones go beside them. */
  private appBase: string | null = null

  constructor(
    private readonly workspace: Workspace,
    private readonly options: ExportOptions,
  ) {
    for (const app of workspace.apps) {
      if (app.metadata) this.usedApiNames.add(app.metadata.apiName.toLowerCase())
    }
  }

  writeApp(app: WorkspaceApp) {
    const apiName = app.metadata?.apiName ?? this.newApiName(app.name)
    this.appBase = sourceBase(app)
    const note = (message: string) => this.notes.push({ app: app.name, message })
    const { enums, unwritable } = enumsForScopes(app.scopes)
    if (unwritable.length > 0) {
      note(`scopes with no metadata enum, left out: ${unwritable.join(', ')}`)
    }
    const widened = widenScopes(app.scopes).filter((s) => !app.scopes.includes(s))
    if (widened.length > 0) {
      note(`scopes ${widened.join(', ')} come with the enums written (Basic, RefreshToken)`)
    }
    if (app.kind === 'connectedApp') this.writeConnectedApp(app, apiName, enums, note)
    else this.writeExternalClientApp(app, apiName, enums, note)
    for (const entry of app.metadata?.files ?? []) {
      if (entry.type in MAPPED_TYPES) continue
      this.put(entry, entry.type, entry.name, entry.root, [
        textElement('externalClientApplication', apiName),
      ])
    }
  }

  private writeConnectedApp(
    app: WorkspaceApp,
    apiName: string,
    enums: string[],
    note: (message: string) => void,
  ) {
    const entry = this.entry(app, 'connectedApp')
    const config: XmlElement[] = [
      textElement('callbackUrl', app.callbackUrls.join('\n')),
      textElement('consumerKey', app.consumerKey),
      bool('isAdminApproved', app.policies.permittedUsers === 'adminApprovedPreAuthorized'),
      bool('isClientCredentialEnabled', app.clientCredentials.enabled),
      bool('isConsumerSecretOptional', !app.requireSecretForWebServerFlow),
      bool('isIntrospectAllTokens', app.introspectAllTokens),
      bool('isNamedUserJwtEnabled', app.jwtAccessTokens),
      bool('isPkceRequired', app.requirePkce),
      bool('isRefreshTokenRotationEnabled', app.refreshTokenRotation),
      bool('isSecretRequiredForRefreshToken', app.requireSecretForRefreshTokenFlow),
      bool('isTokenExchangeEnabled', app.tokenExchange.enabled),
      ...enums.map((name) => textElement('scopes', name)),
    ]
    if (this.options.withSecrets) config.push(textElement('consumerSecret', app.consumerSecret))
    if (app.certificate)
      config.push(textElement('certificate', pemToCertificateBody(app.certificate)))
    if (app.clientCredentials.runAs) {
      config.push(textElement('oauthClientCredentialUser', app.clientCredentials.runAs))
    }
    const policy: XmlElement[] = [
      textElement('ipRelaxation', reverse(CA_IP_RELAXATION, app.policies.ipRelaxation)),
      textElement(
        'refreshTokenPolicy',
        formatConnectedAppRefreshPolicy(app.policies.refreshTokenPolicy),
      ),
    ]
    if (app.tokenExchange.enabled) policy.push(bool('isTokenExchangeFlowEnabled', true))
    const session: XmlElement[] = []
    if (app.policies.sessionTimeoutMinutes !== null) {
      session.push(textElement('sessionTimeout', String(app.policies.sessionTimeoutMinutes)))
    }
    const root: XmlElement[] = [
      textElement('label', app.name),
      parentElement('oauthConfig', config),
      parentElement('oauthPolicy', policy),
      ...app.policies.permissionSets.map((name) => textElement('permissionSetName', name)),
      ...app.policies.profiles.map((name) => textElement('profileName', name)),
    ]
    if (session.length > 0 || entry?.kept.some((k) => k.at === 'sessionPolicy')) {
      root.push(parentElement('sessionPolicy', session))
    }
    this.ensureContactEmail(entry, root, app, note)
    if (app.policies.blocked)
      note('blocked: connected app metadata has no field for it; not written')
    if (app.deviceFlow.enabled)
      note('device flow: no connected app metadata element is known; not written')
    if (app.usernamePassword.enabled) {
      note('username-password flow: an org-wide setting (OauthOidcSettings), not part of the app')
    }
    this.put(entry, 'connectedApp', apiName, MAPPED_TYPES.connectedApp.root, root)
  }

  private writeExternalClientApp(
    app: WorkspaceApp,
    apiName: string,
    enums: string[],
    note: (message: string) => void,
  ) {
    const link = textElement('externalClientApplication', apiName)
    const header = this.entry(app, 'eca')
    const headerElements = [textElement('label', app.name)]
    this.ensureContactEmail(header, headerElements, app, note)
    this.put(header, 'eca', apiName, MAPPED_TYPES.eca.root, headerElements)

    const settings = this.entry(app, 'ecaOauth')
    // Scope enums Gatehouse does not know were kept as their own list; join them back in.
    const keptScopes = (settings?.kept ?? []).filter(
      (k) => k.at === '' && k.xml.startsWith('<commaSeparatedOauthScopes>'),
    )
    const extraScopes = keptScopes.flatMap((k) =>
      parseElementText(k.xml, 'kept')
        .text.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    const allScopes = [...enums, ...extraScopes]
    const settingsElements = [link]
    if (allScopes.length > 0) {
      settingsElements.push(textElement('commaSeparatedOauthScopes', allScopes.join(', ')))
    }
    this.put(
      settings && { ...settings, kept: settings.kept.filter((k) => !keptScopes.includes(k)) },
      'ecaOauth',
      this.childName(settings, apiName, 'ecaOauth'),
      MAPPED_TYPES.ecaOauth.root,
      settingsElements,
    )

    if (this.options.withSecrets) {
      const global = this.entry(app, 'ecaGlblOauth')
      const elements = [
        link,
        textElement('consumerKey', app.consumerKey),
        textElement('consumerSecret', app.consumerSecret),
        bool('isClientCredentialsFlowEnabled', app.clientCredentials.enabled),
        bool('isConsumerSecretOptional', !app.requireSecretForWebServerFlow),
        bool('isDeviceFlowEnabled', app.deviceFlow.enabled),
        bool('isIntrospectAllTokens', app.introspectAllTokens),
        bool('isNamedUserJwtEnabled', app.jwtAccessTokens),
        bool('isPkceRequired', app.requirePkce),
        bool('isRefreshTokenRotationEnabled', app.refreshTokenRotation),
        bool('isSecretRequiredForRefreshToken', app.requireSecretForRefreshTokenFlow),
        bool('isTokenExchangeEnabled', app.tokenExchange.enabled),
      ]
      if (app.callbackUrls.length > 0)
        elements.push(textElement('callbackUrl', app.callbackUrls.join('\n')))
      if (app.certificate)
        elements.push(textElement('certificate', pemToCertificateBody(app.certificate)))
      this.put(
        global,
        'ecaGlblOauth',
        this.childName(global, apiName, 'ecaGlblOauth'),
        MAPPED_TYPES.ecaGlblOauth.root,
        elements,
      )
    }

    const policies = this.entry(app, 'ecaOauthPlcy')
    const refresh = formatEcaRefreshPolicy(app.policies.refreshTokenPolicy)
    const policyElements = [
      link,
      textElement('ipRelaxationPolicyType', reverse(ECA_IP_RELAXATION, app.policies.ipRelaxation)),
      bool('isClientCredentialsFlowEnabled', app.clientCredentials.enabled),
      bool('isTokenExchangeFlowEnabled', app.tokenExchange.enabled),
      textElement(
        'permittedUsersPolicyType',
        reverse(ECA_PERMITTED_USERS, app.policies.permittedUsers),
      ),
      textElement('refreshTokenPolicyType', refresh.type),
    ]
    if (refresh.value !== undefined) {
      policyElements.push(textElement('refreshTokenValidityPeriod', String(refresh.value)))
      policyElements.push(textElement('refreshTokenValidityUnit', refresh.unit!))
    }
    if (app.clientCredentials.runAs) {
      policyElements.push(textElement('clientCredentialsFlowUser', app.clientCredentials.runAs))
    }
    if (app.policies.profiles.length > 0) {
      policyElements.push(textElement('commaSeparatedProfile', app.policies.profiles.join(', ')))
    }
    if (app.policies.permissionSets.length > 0) {
      policyElements.push(
        textElement('commaSeparatedPermissionSet', app.policies.permissionSets.join(', ')),
      )
    }
    if (app.policies.sessionTimeoutMinutes !== null) {
      policyElements.push(
        textElement('sessionTimeoutInMinutes', String(app.policies.sessionTimeoutMinutes)),
      )
    }
    this.put(
      policies,
      'ecaOauthPlcy',
      this.childName(policies, apiName, 'ecaOauthPlcy'),
      MAPPED_TYPES.ecaOauthPlcy.root,
      policyElements,
    )

    const plugins = this.entry(app, 'ecaPlcy')
    const pluginElements = [link, bool('isEnabled', !app.policies.blocked)]
    if (plugins === undefined) pluginElements.push(bool('isOauthPluginEnabled', true))
    this.put(
      plugins,
      'ecaPlcy',
      this.childName(plugins, apiName, 'ecaPlcy'),
      MAPPED_TYPES.ecaPlcy.root,
      pluginElements,
    )
    if (app.policies.refreshTokenIpAllowlist) {
      note('refresh token IP allowlist: its metadata element is not known; not written')
    }
  }

  private entry(app: WorkspaceApp, type: string): MetadataFileEntry | undefined {
    return app.metadata?.files.find((f) => f.type === type)
  }

  private childName(
    entry: MetadataFileEntry | undefined,
    apiName: string,
    type: keyof typeof CHILD_SUFFIX,
  ): string {
    return entry?.name ?? `${apiName}${CHILD_SUFFIX[type]}`
  }

  /**
   * contactEmail is required on both kinds. An app that never came from metadata has none;
   * use the run-as user's email, else the first active user's, and say so.
   */
  private ensureContactEmail(
    entry: MetadataFileEntry | undefined,
    elements: XmlElement[],
    app: WorkspaceApp,
    note: (message: string) => void,
  ) {
    if (entry?.kept.some((k) => k.at === '' && k.xml.startsWith('<contactEmail>'))) return
    const runAs = app.clientCredentials.runAs?.toLowerCase()
    const user =
      this.workspace.users.find((u) => u.username.toLowerCase() === runAs) ??
      this.workspace.users.find((u) => u.active)
    if (user === undefined) {
      note(
        'contactEmail (required by Salesforce) left out: the workspace has no user to take it from',
      )
      return
    }
    elements.push(textElement('contactEmail', user.email))
    note(`contactEmail set to ${user.email} (${user.username}); Salesforce requires one`)
  }

  /** Adds kept elements, orders every level, and stores the file at its path. */
  private put(
    entry: MetadataFileEntry | undefined,
    type: string,
    name: string,
    rootName: string,
    elements: XmlElement[],
  ) {
    const children = [...elements]
    for (const kept of entry?.kept ?? []) {
      const element = parseElementText(kept.xml, `${name}.${type}`)
      if (kept.at === '') children.push(element)
      else {
        let parent = children.find((c) => c.name === kept.at)
        if (parent === undefined) {
          parent = parentElement(kept.at, [])
          children.push(parent)
        }
        parent.children.push(element)
      }
    }
    const root = parentElement(rootName, sortElements(children))
    const folder = type in MAPPED_TYPES ? MAPPED_TYPES[type as MappedType].folder : type
    const base = this.appBase ?? `${this.options.packageDir ?? 'force-app'}/main/default`
    const path = entry?.path ?? `${base}/${folder}/${name}.${type}-meta.xml`
    this.files[path] = buildDocument(root)
  }

  /** Letters, digits and single underscores, starting with a letter, unique among the apps. */
  private newApiName(label: string): string {
    let base = label
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^[^A-Za-z]+/, '')
      .replace(/_+$/, '')
    if (base === '') base = 'App'
    let candidate = base
    for (let n = 2; this.usedApiNames.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`
    this.usedApiNames.add(candidate.toLowerCase())
    return candidate
  }
}

/**
 * The folder above the type folders of an imported app's own file (its header, or the
 * connected app file): `src-apps/main/default` for `src-apps/main/default/externalClientApps/…`.
 */
function sourceBase(app: WorkspaceApp): string | null {
  const own = app.metadata?.files.find((f) => f.type === 'eca' || f.type === 'connectedApp')
  if (own?.path === undefined) return null
  const parts = own.path.split('/')
  return parts.length >= 3 ? parts.slice(0, -2).join('/') : null
}

function bool(name: string, value: boolean): XmlElement {
  return textElement(name, value ? 'true' : 'false')
}

/**
 * Alphabetical order by element name at this level and inside the containers Gatehouse
 * writes, keeping repeated elements in their order (a stable sort). Kept elements are left
 * as they were inside.
 */
function sortElements(elements: XmlElement[]): XmlElement[] {
  return elements
    .map((e) =>
      e.line === null && e.children.length > 0 ? { ...e, children: sortElements(e.children) } : e,
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
