import type { StepDef, RunContext } from '../flow-def'
import { StepNotReady } from '../flow-def'
import { defined, need, option, PATH, redirectUriOf, requireUser, scopeOf } from './common'

/**
 * The browser part of the browser flows, played as the run's user: the authorization request,
 * the login page's form, the page after login, the consent page. Each is an exchange of its
 * own; the final redirect is read from its Location header, never followed.
 */

export interface AuthorizeShape {
  responseType: 'code' | 'token' | 'token id_token'
  pkce: boolean
}

function authorizeParams(ctx: RunContext, shape: AuthorizeShape): Record<string, string> {
  const scope = scopeOf(ctx)
  const wantsNonce =
    shape.responseType.includes('id_token') || (scope ?? '').split(' ').includes('openid')
  return defined({
    response_type: shape.responseType,
    client_id: ctx.app.consumerKey,
    redirect_uri: redirectUriOf(ctx),
    scope,
    state: ctx.secrets.state,
    nonce: wantsNonce ? ctx.secrets.nonce : undefined,
    code_challenge: shape.pkce ? ctx.secrets.codeChallenge : undefined,
    code_challenge_method: shape.pkce ? 'S256' : undefined,
    prompt: option<string>(ctx, 'prompt'),
  })
}

/** What the page just before handed on (its form's action, hidden fields). */
const fromPrevious = (ctx: RunContext, name: string) => ctx.earlier.at(-1)?.handsOn?.[name]

/**
 * "Sign in yourself" (options.signIn = "self"): one step that gives the authorization URL
 * to open in a browser of one's own; the runner picks up the redirect from the trace.
 */
export function selfSignInStep(shape: AuthorizeShape): StepDef {
  return {
    name: 'sign-in',
    title: 'Sign in yourself',
    narrative:
      'Open the authorization URL in a browser of your own, log in and approve as any user. Gatehouse records the redirect back to the callback URL; the runner finds it by the state it sent and goes on from there — no callback listener needed.',
    external: true,
    build: (ctx) => ({
      method: 'GET',
      path: PATH.authorize,
      params: authorizeParams(ctx, shape),
      paramLocation: 'query',
    }),
  }
}

/** The browser steps as the options ask: played by the runner, or by the person. */
export function signInSteps(shape: AuthorizeShape, options: Record<string, unknown>): StepDef[] {
  return options.signIn === 'self' ? [selfSignInStep(shape)] : browserSteps(shape)
}

export function browserSteps(shape: AuthorizeShape): StepDef[] {
  return [
    {
      name: 'authorize',
      title: 'Authorization request',
      narrative:
        "The app sends the user's browser to the authorization endpoint with its consumer key, the scopes it wants and where to come back (the callback URL). Gatehouse checks the app and the callback, then shows the login page.",
      build: (ctx) => ({
        method: 'GET',
        path: PATH.authorize,
        params: authorizeParams(ctx, shape),
        paramLocation: 'query',
        browser: true,
      }),
    },
    {
      name: 'login',
      title: 'Log in',
      narrative:
        "The user types their username and password on Salesforce's login page (never on the app's). Gatehouse checks the password, the user's profile (IP ranges, login hours) and whether the user may use this app.",
      skip: (ctx) =>
        ctx.previous?.location
          ? 'the authorization request was answered with a redirect, not the login page'
          : null,
      build: (ctx) => {
        const user = requireUser(ctx)
        return {
          method: 'POST',
          path: fromPrevious(ctx, 'form.login') ?? PATH.login,
          params: {
            request_id: need(
              ctx,
              'request_id',
              'the authorization request did not show the login page',
            ),
            csrf: need(ctx, 'csrf', 'the login page carried no CSRF field'),
            username: user.username,
            password: option<string>(ctx, 'password') ?? user.password ?? '',
          },
          paramLocation: 'form',
          browser: true,
        }
      },
    },
    {
      name: 'continue',
      title: 'Back to the authorization',
      narrative:
        "Logged in, the browser follows the login page's redirect back to the pending authorization request. If the user approved this app before (or an admin pre-authorized it), the code comes back at once; otherwise the consent page asks.",
      skip: (ctx) =>
        ctx.earlier.at(-1)?.status === 'skipped' ? 'nobody logged in in this run' : null,
      build: (ctx) => {
        const location = need(ctx, 'location', 'the login answered without a redirect')
        const url = new URL(location)
        return {
          method: 'GET',
          path: url.pathname,
          params: Object.fromEntries(url.searchParams),
          paramLocation: 'query',
          browser: true,
        }
      },
    },
    {
      name: 'consent',
      title: 'Allow access',
      narrative:
        "The consent page names the app and the scopes it asks for. The user clicks Allow (or Deny); Gatehouse remembers the approval and sends the browser back to the app's callback URL.",
      skip: (ctx) => {
        if (ctx.earlier.at(-1)?.status === 'skipped')
          return 'no consent page was reached in this run'
        return ctx.previous?.location
          ? 'no consent page: the user approved this app before, or an admin pre-authorized it'
          : null
      },
      build: (ctx) => {
        const action = fromPrevious(ctx, 'form.consent')
        if (!action) throw new StepNotReady('the previous page was not the consent page')
        const decision = option<string>(ctx, 'decision') ?? 'approve'
        return {
          method: 'POST',
          path: action ?? PATH.consent,
          params: {
            request_id: need(ctx, 'request_id', 'the consent page carried no request_id'),
            csrf: need(ctx, 'csrf', 'the consent page carried no CSRF field'),
            decision,
          },
          paramLocation: 'form',
          browser: true,
        }
      },
    },
  ]
}
