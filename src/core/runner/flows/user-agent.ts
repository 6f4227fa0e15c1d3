import type { FlowDef } from '../flow-def'
import { signInSteps } from './browser'
import { checkBrowserOptions } from './web-server'

export const userAgentFlow: FlowDef = {
  name: 'user-agent',
  title: 'User-agent (implicit)',
  summary:
    "A browser or mobile app with no server: the tokens come back in the redirect's fragment.",
  needsUser: true,
  disabledBecause: (app) =>
    app.callbackUrls.length === 0
      ? 'the app has no Callback URL (Enable OAuth Settings → Callback URL)'
      : null,
  checkOptions: (options) => {
    const issues = checkBrowserOptions(options)
    const type = options.responseType
    if (type !== undefined && type !== 'token' && type !== 'token id_token') {
      issues.push({
        path: 'responseType',
        message: 'responseType must be "token" or "token id_token"',
      })
    }
    return issues
  },
  steps: (_app, options) =>
    signInSteps(
      {
        responseType: (options.responseType as 'token' | 'token id_token' | undefined) ?? 'token',
        pkce: false,
      },
      options,
    ),
}
