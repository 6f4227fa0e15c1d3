import type { FlowDef } from '../flow-def'
import { option, requireUser, tokenPost } from './common'

export const usernamePasswordFlow: FlowDef = {
  name: 'username-password',
  title: 'Username-password',
  summary:
    "The app sends the user's own username and password (connected apps only; being retired).",
  needsUser: true,
  disabledBecause: (app) => {
    if (app.kind === 'externalClientApp')
      return 'External Client Apps never allow the username-password flow'
    return app.usernamePassword.enabled
      ? null
      : 'the username-password flow is off (Allow OAuth Username-Password Flows)'
  },
  steps: () => [
    {
      name: 'token',
      title: 'Username and password for tokens',
      narrative:
        'The app posts the user\'s username and password with its consumer key and secret straight to the token endpoint — no browser, no consent page. Any failure, whatever its cause, is the same "authentication failure".',
      build: (ctx) => {
        const user = requireUser(ctx)
        return tokenPost({
          grant_type: 'password',
          client_id: ctx.app.consumerKey,
          client_secret: ctx.app.consumerSecret,
          username: user.username,
          password: option<string>(ctx, 'password') ?? user.password ?? '',
        })
      },
    },
  ],
}
