import { parseWorkspace, type Workspace } from '../../../src/core/workspace'
import type { MetadataFiles } from '../../../src/core/metadata'
import { minimalWorkspace, seededRandom } from '../workspace/sample'

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
export const DIR = 'force-app/main/default'

/** A connected app as a retrieve writes it (values invented). */
export function connectedAppXml(inner: string, root = 'ConnectedApp'): string {
  return `${HEAD}<${root} ${NS}>\n${inner}\n</${root}>\n`
}

export const CONNECTED_APP = connectedAppXml(`    <contactEmail>platform@acme.test</contactEmail>
    <label>Order Sync</label>
    <oauthConfig>
        <callbackUrl>https://orders.acme.test/oauth/callback
http://localhost:3000/oauth/callback</callbackUrl>
        <consumerKey>3MVG9AcmeOrderSyncKey0001</consumerKey>
        <idTokenConfig>
            <idTokenAudience>orders</idTokenAudience>
            <idTokenValidity>5</idTokenValidity>
        </idTokenConfig>
        <isAdminApproved>true</isAdminApproved>
        <isClientCredentialEnabled>true</isClientCredentialEnabled>
        <isConsumerSecretOptional>false</isConsumerSecretOptional>
        <isPkceRequired>true</isPkceRequired>
        <oauthClientCredentialUser>ada@acme.test</oauthClientCredentialUser>
        <scopes>Api</scopes>
        <scopes>OpenID</scopes>
        <scopes>RefreshToken</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE_RELAXREFRESH</ipRelaxation>
        <refreshTokenPolicy>specific_inactivity:30:DAYS</refreshTokenPolicy>
    </oauthPolicy>
    <permissionSetName>Integration_Access</permissionSetName>
    <profileName>System Administrator</profileName>
    <sessionPolicy>
        <sessionTimeout>120</sessionTimeout>
    </sessionPolicy>`)

export function ecaFiles(overrides: Partial<Record<string, string | null>> = {}): MetadataFiles {
  const files: Record<string, string | null> = {
    [`${DIR}/externalClientApps/Billing_Bridge.eca-meta.xml`]: connectedAppXml(
      `    <contactEmail>billing@acme.test</contactEmail>
    <distributionState>Local</distributionState>
    <isProtected>false</isProtected>
    <label>Billing Bridge</label>`,
      'ExternalClientApplication',
    ),
    [`${DIR}/extlClntAppOauthSettings/Billing_Bridge_oauth.ecaOauth-meta.xml`]: connectedAppXml(
      `    <commaSeparatedOauthScopes>Api,RefreshToken, Basic</commaSeparatedOauthScopes>
    <externalClientApplication>Billing_Bridge</externalClientApplication>
    <label>Billing_Bridge_oauth</label>
    <trustedIpRanges>
        <endIpAddress>10.20.0.255</endIpAddress>
        <startIpAddress>10.20.0.0</startIpAddress>
    </trustedIpRanges>`,
      'ExtlClntAppOauthSettings',
    ),
    [`${DIR}/extlClntAppGlobalOauthSets/Billing_Bridge_glbloauth.ecaGlblOauth-meta.xml`]:
      connectedAppXml(
        `    <callbackUrl>https://billing.acme.test/oauth/callback</callbackUrl>
    <consumerKey>3MVG9AcmeBillingBridgeKey0002</consumerKey>
    <consumerSecret>B1LL1NGSECRET0123456789ABCDEF0123456789</consumerSecret>
    <externalClientApplication>Billing_Bridge</externalClientApplication>
    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>
    <isConsumerSecretOptional>false</isConsumerSecretOptional>
    <isPkceRequired>true</isPkceRequired>
    <label>Billing_Bridge_glbloauth</label>
    <shouldRotateConsumerSecret>false</shouldRotateConsumerSecret>`,
        'ExtlClntAppGlobalOauthSettings',
      ),
    [`${DIR}/extlClntAppOauthPolicies/Billing_Bridge_oauthPlcy.ecaOauthPlcy-meta.xml`]:
      connectedAppXml(
        `    <clientCredentialsFlowUser>ada@acme.test</clientCredentialsFlowUser>
    <commaSeparatedPermissionSet>Reporting</commaSeparatedPermissionSet>
    <commaSeparatedProfile>Standard User, Billing Ops</commaSeparatedProfile>
    <externalClientApplication>Billing_Bridge</externalClientApplication>
    <ipRelaxationPolicyType>Bypass</ipRelaxationPolicyType>
    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>
    <label>Billing_Bridge_oauthPlcy</label>
    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
    <refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType>
    <refreshTokenValidityPeriod>12</refreshTokenValidityPeriod>
    <refreshTokenValidityUnit>Hours</refreshTokenValidityUnit>
    <sessionTimeoutInMinutes>30</sessionTimeoutInMinutes>`,
        'ExtlClntAppOauthConfigurablePolicies',
      ),
    [`${DIR}/extlClntAppPolicies/Billing_Bridge_plcy.ecaPlcy-meta.xml`]: connectedAppXml(
      `    <externalClientApplication>Billing_Bridge</externalClientApplication>
    <isEnabled>true</isEnabled>
    <isOauthPluginEnabled>true</isOauthPluginEnabled>
    <label>Billing_Bridge_plcy</label>
    <startPage>None</startPage>`,
      'ExtlClntAppConfigurablePolicies',
    ),
  }
  for (const [path, text] of Object.entries(overrides)) files[path] = text ?? null
  return Object.fromEntries(
    Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== null),
  )
}

export const ECA_PATHS = {
  header: `${DIR}/externalClientApps/Billing_Bridge.eca-meta.xml`,
  settings: `${DIR}/extlClntAppOauthSettings/Billing_Bridge_oauth.ecaOauth-meta.xml`,
  global: `${DIR}/extlClntAppGlobalOauthSets/Billing_Bridge_glbloauth.ecaGlblOauth-meta.xml`,
  policies: `${DIR}/extlClntAppOauthPolicies/Billing_Bridge_oauthPlcy.ecaOauthPlcy-meta.xml`,
  plugins: `${DIR}/extlClntAppPolicies/Billing_Bridge_plcy.ecaPlcy-meta.xml`,
}
export const CA_PATH = `${DIR}/connectedApps/Order_Sync.connectedApp-meta.xml`

/** The minimal workspace with no apps, complete. */
export function emptyWorkspace(): Workspace {
  const ws = minimalWorkspace()
  ws.apps = []
  return parseWorkspace(ws, { random: seededRandom(7) })
}

/** A workspace with the minimal sample's "Order Sync" connected app. */
export function workspaceWithOrderSync(): Workspace {
  return parseWorkspace(minimalWorkspace(), { random: seededRandom(7) })
}
