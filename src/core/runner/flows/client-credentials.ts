import type { FlowDef } from '../flow-def'
import { option, tokenPost } from './common'

export const clientCredentialsFlow: FlowDef = {
  name: 'client-credentials',
  title: 'Client credentials',
  summary:
    "A server-to-server integration: the app's own key and secret, tokens for its run-as user.",
  needsUser: false,
  disabledBecause: (app) => {
    if (!app.clientCredentials.enabled)
      return 'the client credentials flow is off (Enable Client Credentials Flow)'
    return app.clientCredentials.runAs
      ? null
      : 'no run-as user is set (Client Credentials Flow → Run As)'
  },
  steps: () => [
    {
      name: 'token',
      title: 'Key and secret for a token',
      narrative:
        "The app authenticates as itself with its consumer key and secret. No user logs in: the token acts as the app's run-as user, and no refresh token comes back.",
      build: (ctx) => {
        const basic = option<boolean>(ctx, 'basicAuth') === true
        const credentials = Buffer.from(
          `${encodeURIComponent(ctx.app.consumerKey)}:${encodeURIComponent(ctx.app.consumerSecret)}`,
        ).toString('base64')
        return {
          ...tokenPost({
            grant_type: 'client_credentials',
            client_id: basic ? undefined : ctx.app.consumerKey,
            client_secret: basic ? undefined : ctx.app.consumerSecret,
            scope: option<string>(ctx, 'scope'),
          }),
          ...(basic ? { headers: { authorization: `Basic ${credentials}` } } : {}),
        }
      },
    },
  ],
}
