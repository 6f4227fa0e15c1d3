import type { FlowDef, StepDef, RunContext } from '../flow-def'
import {
  defined,
  GRANT,
  need,
  option,
  PATH,
  requireUser,
  scopeOf,
  secretIf,
  tokenPost,
} from './common'

type Shape = 'salesforce' | 'rfc8628'

function poll(shape: Shape, ctx: RunContext) {
  const deviceCode = need(ctx, 'device_code', 'the device authorization answered no device_code')
  // Salesforce: devices poll without the secret only when "Require Secret for Refresh Token
  // Flow" is off; otherwise the poll carries it like a refresh would.
  const secret = secretIf(ctx, ctx.app.requireSecretForRefreshTokenFlow)
  return shape === 'salesforce'
    ? tokenPost({
        grant_type: 'device',
        client_id: ctx.app.consumerKey,
        client_secret: secret,
        code: deviceCode,
      })
    : tokenPost({
        grant_type: GRANT.deviceCode,
        client_id: ctx.app.consumerKey,
        client_secret: secret,
        device_code: deviceCode,
      })
}

function deviceSteps(shape: Shape): StepDef[] {
  return [
    {
      name: 'device-code',
      title: 'Ask for a device code',
      narrative:
        shape === 'salesforce'
          ? "A device with no browser (a CLI, a TV) asks the token endpoint for a device code with response_type=device_code — Salesforce's own shape. It gets a long device code to poll with and a short user code to show the user."
          : "A device with no browser asks RFC 8628's device authorization endpoint for a code. It gets a device code to poll with, and a user code and verification URL to show the user.",
      build: (ctx) =>
        shape === 'salesforce'
          ? tokenPost({
              response_type: 'device_code',
              client_id: ctx.app.consumerKey,
              scope: scopeOf(ctx),
            })
          : tokenPost(
              { client_id: ctx.app.consumerKey, scope: scopeOf(ctx) },
              PATH.deviceAuthorize,
            ),
    },
    {
      name: 'poll-pending',
      title: 'Poll before approval',
      narrative:
        'The device starts polling the token endpoint at the given interval. Nobody has approved yet, so the answer is authorization_pending: keep waiting. This refusal is expected.',
      refusalExpected: true,
      build: (ctx) => poll(shape, ctx),
    },
    {
      name: 'verify',
      title: 'Open the verification page',
      narrative:
        'On another device (a phone, a laptop) the user opens the verification URL with the user code. Gatehouse finds the pending device request and asks the user to log in.',
      build: (ctx) => ({
        method: 'GET',
        path: PATH.connect,
        params: {
          user_code: need(ctx, 'user_code', 'the device authorization answered no user_code'),
        },
        paramLocation: 'query',
        browser: true,
      }),
    },
    {
      name: 'login',
      title: 'Log in',
      narrative: 'The user logs in on the verification page, as on any Salesforce login page.',
      skip: (ctx) =>
        ctx.earlier.at(-1)?.handsOn?.['form.login']
          ? null
          : 'the verification page asked for no login',
      build: (ctx) => {
        const user = requireUser(ctx)
        return {
          method: 'POST',
          path: ctx.earlier.at(-1)?.handsOn?.['form.login'] ?? PATH.connectLogin,
          params: defined({
            request_id: ctx.earlier.at(-1)?.handsOn?.request_id,
            csrf: need(ctx, 'csrf', 'the page carried no CSRF field'),
            username: user.username,
            password: option<string>(ctx, 'password') ?? user.password ?? '',
          }),
          paramLocation: 'form',
          browser: true,
        }
      },
    },
    {
      name: 'continue',
      title: 'Back to the device request',
      narrative:
        'Logged in, the browser follows the redirect back to the device request, which now asks to allow the device.',
      skip: (ctx) =>
        ctx.earlier.at(-1)?.status === 'skipped' ? 'nobody logged in in this run' : null,
      build: (ctx) => {
        const url = new URL(need(ctx, 'location', 'the login answered without a redirect'))
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
      name: 'approve',
      title: 'Allow the device',
      narrative:
        "The user sees which app asks for what and clicks Allow (or Deny). The device's next poll gets the tokens.",
      build: (ctx) => ({
        method: 'POST',
        path: ctx.earlier.at(-1)?.handsOn?.['form.consent'] ?? PATH.connectDecision,
        params: {
          csrf: need(ctx, 'csrf', 'the page carried no CSRF field'),
          user_code: need(ctx, 'user_code', 'no user code'),
          decision: option<string>(ctx, 'decision') ?? 'approve',
        },
        paramLocation: 'form',
        browser: true,
      }),
    },
    {
      name: 'poll',
      title: 'Poll again: tokens',
      narrative:
        'The device polls once more; now that the user approved, the token endpoint answers with the tokens.',
      build: (ctx) => poll(shape, ctx),
    },
  ]
}

const disabled = (app: { deviceFlow: { enabled: boolean } }) =>
  app.deviceFlow.enabled ? null : 'the device flow is off (Enable for Device Flow)'

export const deviceFlow: FlowDef = {
  name: 'device',
  title: 'Device flow (Salesforce)',
  summary:
    'A device without a browser: the user approves on another screen while the device polls.',
  needsUser: true,
  disabledBecause: disabled,
  steps: () => deviceSteps('salesforce'),
}

export const deviceRfc8628Flow: FlowDef = {
  name: 'device-rfc8628',
  title: 'Device flow (RFC 8628)',
  summary:
    "The same device flow in the standard's shape: device authorization endpoint, device_code grant.",
  needsUser: true,
  disabledBecause: disabled,
  steps: () => deviceSteps('rfc8628'),
}
