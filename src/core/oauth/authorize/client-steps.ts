import { sfErrors } from '../../salesforce/oauth-errors'
import { step } from '../steps'
import { established, type ValidationContext } from './context'
import { explainMismatch, isRegisteredRedirectUri } from './redirect-uri'

/**
 * The two checks that decide whether the client may be talked back to at all. Until both
 * pass, nothing is redirected: a failure is a plain page on our own origin (RFC 6749 §4.1.2.1).
 */
export const clientLookup = step<ValidationContext>('client.lookup', (ctx) => {
  const clientId = ctx.params.clientId
  if (!clientId) throw sfErrors.invalidClientId().because('client_id is missing')
  const app = ctx.engine.store.workspace.findAppByConsumerKey(clientId)
  if (!app) {
    throw sfErrors.invalidClientId().because(`no app in the workspace has consumer key ${clientId}`)
  }
  ctx.app = app
  ctx.trace.appKey = app.consumerKey
  ctx.trace.appName = app.name
  return `client_id is the consumer key of ${app.kind === 'connectedApp' ? 'connected app' : 'external client app'} ${app.name}`
})

export const redirectUriMatch = step<ValidationContext>('redirect_uri.match', (ctx) => {
  const app = established(ctx.app, 'the app')
  const presented = ctx.params.redirectUri
  if (!presented) {
    throw sfErrors
      .redirectUriMissing()
      .because(
        `redirect_uri is missing; app ${app.name} has ${app.callbackUrls.length} callback URL(s)`,
      )
  }
  if (!isRegisteredRedirectUri(app.callbackUrls, presented)) {
    throw sfErrors.redirectUriMismatch().because(explainMismatch(app.callbackUrls, presented))
  }
  ctx.redirectUri = presented
  return `redirect_uri "${presented}" is exactly one of the app's callback URLs`
})

export const clientSteps = [clientLookup, redirectUriMatch] as const
