import { sfErrors } from '../../salesforce/oauth-errors'
import type { DeviceRequestShape } from '../../store/device-store'
import type { WorkspaceApp } from '../../workspace'
import { param, type Params } from '../params'
import { parseScopeParam, resolveScopes } from '../scopes'
import { check, step, type MaybePromise } from '../steps'
import { checkNotBlocked, checkSecret, lookupClient } from '../token/client-steps'
import type { ClientAuthenticatedGrant, TokenRequestContext } from '../token/context'
import { decide, decided } from '../token/decide'
import {
  DEVICE_CODE_LIFETIME_MS,
  POLL_INTERVAL_SECONDS,
  deviceCodeHash,
  displayUserCode,
  newDeviceCode,
  newUserCode,
  userCodeHash,
} from './codes'

/** The device verification page (reference §1.2). */
export const VERIFICATION_PATH = '/setup/connect'

/** RFC 8628's device authorization endpoint (Salesforce itself uses the token endpoint). */
export const DEVICE_AUTHORIZATION_PATH = '/services/oauth2/device/authorize'

/** Salesforce's answer to `response_type=device_code` (reference §4.6): no expires_in. */
export interface SalesforceDeviceResponse {
  device_code: string
  user_code: string
  verification_uri: string
  interval: number
}

/** RFC 8628 §3.2's answer, what openid-client and other standard clients read. */
export interface Rfc8628DeviceResponse {
  device_code: string
  user_code: string
  verification_uri: string
  verification_uri_complete: string
  expires_in: number
  interval: number
}

/** A device authorization request names its client; a secret, when sent, must be right. */
const secretOptional: ClientAuthenticatedGrant['secretRule'] = () => ({
  required: false,
  why: 'a device authorization request needs only the client_id',
})

/** `device_flow.enabled`: the app's "Enable Device Flow" (reference §4.6, §8). */
export function checkDeviceFlowEnabled(
  ctx: TokenRequestContext,
  app: WorkspaceApp,
): MaybePromise<void> {
  return check(
    ctx,
    step('device_flow.enabled', () => {
      if (!app.deviceFlow.enabled) {
        throw sfErrors
          .deviceFlowDisabled()
          .because(`the device flow is not enabled on ${app.name} (deviceFlow.enabled is false)`)
      }
      return `the device flow is enabled on ${app.name}`
    }),
  )
}

/**
 * `request.kind`, at the token endpoint: `response_type=device_code` with no grant_type is
 * Salesforce's device authorization request, answered before any grant is looked for.
 */
export async function isDeviceAuthorizationRequest(
  ctx: TokenRequestContext,
  params: Params,
): Promise<boolean> {
  if (
    param(params, 'response_type') !== 'device_code' ||
    param(params, 'grant_type') !== undefined
  ) {
    return false
  }
  await check(
    ctx,
    step(
      'request.kind',
      () =>
        "response_type=device_code and no grant_type: Salesforce's device authorization request",
    ),
  )
  return true
}

const SHAPE_WORDS: Record<DeviceRequestShape, string> = {
  salesforce: "Salesforce's request shape (response_type=device_code at the token endpoint)",
  rfc8628: "RFC 8628's device authorization endpoint",
}

/**
 * A device authorization request, in either shape: the client is looked up (a secret is
 * checked only if sent), the device flow must be on, the scopes resolved; then a device code
 * and a user code are issued for 10 minutes.
 */
export async function authorizeDevice(
  ctx: TokenRequestContext,
  params: Params,
  shape: DeviceRequestShape,
): Promise<SalesforceDeviceResponse | Rfc8628DeviceResponse> {
  ctx.trace.grantType = 'device'
  const client = await lookupClient(ctx, params)
  const { app } = client
  await checkNotBlocked(ctx, app)
  await checkSecret(ctx, { secretRule: secretOptional } as ClientAuthenticatedGrant, client)
  await checkDeviceFlowEnabled(ctx, app)
  const scopes = await decide(ctx, 'scope.allowed', () => {
    const requested = parseScopeParam(param(params, 'scope'))
    const resolved = resolveScopes(app, requested)
    return decided(
      resolved,
      requested
        ? `requested scopes ${requested.join(' ')} are all selected on the app`
        : `no scope parameter: every scope selected on the app (${resolved.join(' ') || 'none'})`,
    )
  })

  const issued = await decide(ctx, 'device.issue', () => {
    const deviceCode = newDeviceCode()
    const expiresAt = ctx.now + DEVICE_CODE_LIFETIME_MS
    // A user code that collides with a live one is drawn again (1 in 25.6 billion per code).
    for (let attempt = 0; attempt < 5; attempt++) {
      const userCode = newUserCode()
      const stored = ctx.engine.oauth.device.insertDeviceCode({
        device_code_hash: deviceCodeHash(deviceCode),
        user_code_hash: userCodeHash(userCode),
        app_key: app.consumerKey,
        scopes: scopes.join(' '),
        shape,
        created_at: ctx.now,
        expires_at: expiresAt,
        interval_seconds: POLL_INTERVAL_SECONDS,
      })
      if (stored) {
        return decided(
          { deviceCode, userCode },
          `device code (256 bits) and user code ${displayUserCode(userCode)} issued to ${app.name} for scopes ${scopes.join(' ') || 'none'}, valid 10 minutes, polling interval ${POLL_INTERVAL_SECONDS} s; ${SHAPE_WORDS[shape]}`,
        )
      }
    }
    throw new Error('could not draw a free user code in 5 attempts')
  })

  const verificationUri = `${ctx.engine.baseUrl}${VERIFICATION_PATH}`
  if (shape === 'salesforce') {
    return {
      device_code: issued.deviceCode,
      user_code: issued.userCode,
      verification_uri: verificationUri,
      interval: POLL_INTERVAL_SECONDS,
    }
  }
  const userCode = displayUserCode(issued.userCode)
  return {
    device_code: issued.deviceCode,
    user_code: userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${userCode}`,
    expires_in: DEVICE_CODE_LIFETIME_MS / 1000,
    interval: POLL_INTERVAL_SECONDS,
  }
}
