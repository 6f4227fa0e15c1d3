import type { FlowDef } from '../flow-def'
import { signInSteps } from './browser'
import { need, option, redirectUriOf, secretIf, tokenPost } from './common'

/** Options every browser flow takes, checked the same way. */
export function checkBrowserOptions(options: Record<string, unknown>) {
  const issues: Array<{ path: string; message: string }> = []
  const decision = options.decision
  if (decision !== undefined && decision !== 'approve' && decision !== 'deny') {
    issues.push({
      path: 'decision',
      message: `decision must be "approve" or "deny", not ${JSON.stringify(decision)}`,
    })
  }
  for (const name of ['pkce', 'secret'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') {
      issues.push({ path: name, message: `${name} must be true or false` })
    }
  }
  if (options.signIn !== undefined && options.signIn !== 'runner' && options.signIn !== 'self') {
    issues.push({
      path: 'signIn',
      message: 'signIn must be "runner" (the runner logs in) or "self" (you do, in your browser)',
    })
  }
  for (const name of ['scope', 'redirectUri', 'password', 'prompt'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') {
      issues.push({ path: name, message: `${name} must be a string` })
    }
  }
  return issues
}

export const webServerFlow: FlowDef = {
  name: 'web-server',
  title: 'Web server (authorization code)',
  summary:
    'A server-side app: the user logs in and approves in the browser, the app swaps the code for tokens.',
  needsUser: true,
  disabledBecause: (app) =>
    app.callbackUrls.length === 0
      ? 'the app has no Callback URL (Enable OAuth Settings → Callback URL)'
      : null,
  checkOptions: checkBrowserOptions,
  steps: (app, options) => {
    const pkce = (options.pkce as boolean | undefined) ?? true
    return [
      ...signInSteps({ responseType: 'code', pkce }, options),
      {
        name: 'token',
        title: 'Swap the code for tokens',
        narrative:
          "The app's server posts the code to the token endpoint with its consumer key — and its secret, or the PKCE code_verifier that proves it started this request. Gatehouse answers with an access token (and a refresh token when the app has the refresh_token scope).",
        build: (ctx) =>
          tokenPost({
            grant_type: 'authorization_code',
            code: need(ctx, 'code', 'the redirect to the callback URL carried no code'),
            client_id: ctx.app.consumerKey,
            client_secret: secretIf(ctx, app.requireSecretForWebServerFlow),
            redirect_uri: redirectUriOf(ctx),
            code_verifier:
              option<boolean>(ctx, 'pkce') === false || !pkce
                ? undefined
                : ctx.secrets.codeVerifier,
          }),
      },
    ]
  },
}
