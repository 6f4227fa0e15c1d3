import type { FlowDef } from '../flow-def'
import { option, requireUser, tokenPost, GRANT } from './common'

/** Salesforce's default JWT audience; Gatehouse also accepts its own base URL. */
function audienceOf(baseUrl: string, given: unknown): string {
  return typeof given === 'string' ? given : baseUrl
}

export const jwtBearerFlow: FlowDef = {
  name: 'jwt-bearer',
  title: 'JWT bearer',
  summary: 'A server integration signs a short JWT with its private key; no secret, no browser.',
  needsUser: true,
  disabledBecause: (app) =>
    app.certificate ? null : 'the app has no certificate (Use digital signatures)',
  checkOptions: (options) =>
    options.privateKey !== undefined && typeof options.privateKey !== 'string'
      ? [{ path: 'privateKey', message: 'privateKey must be a PKCS#8 PEM string' }]
      : [],
  steps: () => [
    {
      name: 'token',
      title: 'Signed assertion for a token',
      narrative:
        "The app builds a JWT — issuer its consumer key, subject the username, audience the login URL, expiring in a few minutes — signs it with the private key behind the app's certificate, and posts it. Gatehouse checks the signature with the certificate, then the claims, then that the user may use the app.",
      build: (ctx) => {
        const user = requireUser(ctx)
        const now = Math.floor(ctx.now() / 1000)
        return {
          ...tokenPost({ grant_type: GRANT.jwtBearer }),
          claims: {
            iss: ctx.app.consumerKey,
            sub: user.username,
            aud: audienceOf(ctx.baseUrl, option(ctx, 'audience')),
            exp: now + 180,
          },
          claimsParam: 'assertion',
        }
      },
    },
  ],
}
