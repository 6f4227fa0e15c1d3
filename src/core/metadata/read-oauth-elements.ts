import type { AppDraft, FileCollector } from './draft'
import { certificateToPem, splitLines, type ValueReader } from './values'
import type { XmlElement } from './xml'

/**
 * Reads an OAuth element a Connected App's `oauthConfig` and an External Client App's global
 * OAuth settings share, with the same meaning in both files; returns whether it was one. What
 * differs between the two files (scopes, client credentials, token exchange) stays with each.
 */
export function readSharedOauthElement(
  element: XmlElement,
  values: ValueReader,
  collect: FileCollector,
): boolean {
  switch (element.name) {
    case 'callbackUrl':
      collect.set('callbackUrls', splitLines(values.text(element)))
      return true
    case 'consumerKey':
      collect.set('consumerKey', values.text(element))
      return true
    case 'consumerSecret':
      // Never returned by a retrieve, but a hand-written file may carry one.
      collect.set('consumerSecret', values.text(element))
      return true
    case 'certificate':
      collect.set('certificate', certificateToPem(values.text(element)))
      return true
    case 'isConsumerSecretOptional':
      collect.set('requireSecretForWebServerFlow', !values.boolean(element))
      return true
    case 'isSecretRequiredForRefreshToken':
      collect.set('requireSecretForRefreshTokenFlow', values.boolean(element))
      return true
    case 'isPkceRequired':
      collect.set('requirePkce', values.boolean(element))
      return true
    case 'isRefreshTokenRotationEnabled':
      collect.set('refreshTokenRotation', values.boolean(element))
      return true
    case 'isNamedUserJwtEnabled':
      collect.set('jwtAccessTokens', values.boolean(element))
      return true
    case 'isIntrospectAllTokens':
      collect.set('introspectAllTokens', values.boolean(element))
      return true
    default:
      return false
  }
}

/**
 * Client credentials and token exchange are on only when an External Client App's global
 * settings and its policies both say so: each file sets its own half of the flag (`side`).
 */
export function bothFilesFlag(draft: AppDraft, collect: FileCollector, side: 'global' | 'policy') {
  return (key: 'clientCredentials' | 'tokenExchange', value: boolean): void => {
    draft.bothFiles[key] = { ...draft.bothFiles[key], [side]: value }
    if (!collect.report.mapped.includes(`${key}.enabled`)) {
      collect.report.mapped.push(`${key}.enabled`)
    }
  }
}
