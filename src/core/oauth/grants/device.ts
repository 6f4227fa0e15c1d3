import { sfErrors } from '../../salesforce/oauth-errors'
import type { DeviceCodeRow } from '../../store/device-store'
import type { TokenResponse } from '../../tokens/issue'
import { checkDeviceFlowEnabled } from '../device/authorization'
import { SLOW_DOWN_STEP_SECONDS, deviceCodeHash } from '../device/codes'
import { param } from '../params'
import { grantsRefreshToken } from '../scopes'
import { check, step, type MaybePromise } from '../steps'
import type { ClientAuthenticatedGrant, ClientGrantContext } from '../token/context'
import { decide, decided } from '../token/decide'
import { issueTokens } from './issue'
import { appLabel, isoTime, splitScopes } from './text'
import { checkUserApproved, requireActiveUser } from './user-steps'

/** Salesforce's polling grant (reference §4.6): `grant_type=device`, the code in `code`. */
export const SALESFORCE_DEVICE_GRANT = 'device'
/** RFC 8628 §3.4's polling grant: the code in `device_code`. */
export const RFC8628_DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

/**
 * `device.lookup`: the device code, by digest. Unknown, foreign and already-redeemed codes get
 * the invalid_grant Salesforce answers for a dead code (its exact text for device codes is
 * unverified; this is its authorization-code wording).
 */
function lookup(ctx: ClientGrantContext, codeParam: string): MaybePromise<DeviceCodeRow> {
  return decide(ctx, 'device.lookup', () => {
    const raw = param(ctx.params, codeParam)
    if (raw === undefined) {
      throw sfErrors.missingParameter(codeParam).because(`the request has no ${codeParam}`)
    }
    const row = ctx.engine.oauth.device.findByDeviceCode(deviceCodeHash(raw))
    if (!row) {
      throw sfErrors.expiredAuthorizationCode().because('no device code with this value was issued')
    }
    if (row.app_key !== ctx.app.consumerKey) {
      throw sfErrors
        .expiredAuthorizationCode()
        .because(
          `the device code was issued to ${appLabel(ctx.engine, row.app_key)}, presented by ${ctx.app.name}`,
        )
    }
    return decided(row, `device code issued to ${ctx.app.name} at ${isoTime(row.created_at)}`)
  })
}

/** `device.expiry`: RFC 8628's expired_token once the 10 minutes are over. */
function checkExpiry(ctx: ClientGrantContext, row: DeviceCodeRow): MaybePromise<void> {
  return check(
    ctx,
    step('device.expiry', () => {
      if (row.expires_at <= ctx.now && row.status !== 'redeemed') {
        throw sfErrors
          .expiredDeviceCode()
          .because(
            `the device code expired at ${isoTime(row.expires_at)}; now is ${isoTime(ctx.now)}`,
          )
      }
      return `valid until ${isoTime(row.expires_at)}`
    }),
  )
}

/**
 * `device.poll`: where the person on the verification page is. Pending answers
 * authorization_pending, or slow_down when this poll came sooner than the interval after the
 * last one (the interval then grows by 5 s, RFC 8628 §3.5); a denial is access_denied; a
 * code already exchanged is dead. Every poll is recorded, so the next one is timed from it.
 */
function poll(ctx: ClientGrantContext, row: DeviceCodeRow): MaybePromise<void> {
  return check(
    ctx,
    step('device.poll', () => {
      const { device } = ctx.engine.oauth
      device.recordPoll(row.device_code_hash, ctx.now)
      switch (row.status) {
        case 'redeemed':
          throw sfErrors
            .expiredAuthorizationCode()
            .because(
              `the device code was already exchanged for tokens at ${isoTime(row.redeemed_at)}`,
            )
        case 'denied':
          throw sfErrors
            .accessDenied()
            .because(`the user clicked Deny on the verification page at ${isoTime(row.decided_at)}`)
        case 'pending': {
          const since = row.last_polled_at === null ? null : ctx.now - row.last_polled_at
          const interval = row.interval_seconds * 1000
          if (since !== null && since < interval) {
            device.slowDown(row.device_code_hash, SLOW_DOWN_STEP_SECONDS)
            throw sfErrors
              .slowDown()
              .because(
                `polled ${(since / 1000).toFixed(1)} s after the previous poll; the interval is ${row.interval_seconds} s, now raised to ${row.interval_seconds + SLOW_DOWN_STEP_SECONDS} s`,
              )
          }
          throw sfErrors
            .authorizationPending()
            .because(
              since === null
                ? 'the user has not approved the device yet (first poll)'
                : `the user has not approved the device yet; ${(since / 1000).toFixed(1)} s since the previous poll (interval ${row.interval_seconds} s)`,
            )
        }
        case 'approved':
          return `the user approved the device at ${isoTime(row.decided_at)}`
      }
    }),
  )
}

/** `device.redeem`: consume-once, so two polls racing for an approved code get one answer. */
function redeem(ctx: ClientGrantContext, row: DeviceCodeRow): MaybePromise<void> {
  return check(
    ctx,
    step('device.redeem', () => {
      if (!ctx.engine.oauth.device.redeem(row.device_code_hash, ctx.now)) {
        throw sfErrors
          .expiredAuthorizationCode()
          .because('a concurrent poll exchanged this device code a moment earlier')
      }
      return 'the device code is exchanged for tokens (single use)'
    }),
  )
}

function pollingGrant(grantType: string, codeParam: string): ClientAuthenticatedGrant {
  return {
    grantType,
    client: 'authenticated',
    // Salesforce: secretless polling needs "Require Secret for Refresh Token Flow" off.
    secretRule: (app) =>
      app.requireSecretForRefreshTokenFlow
        ? {
            required: true,
            why: `${app.name} requires the secret for the refresh token flow, which governs device polling too`,
          }
        : {
            required: false,
            why: `${app.name} has "Require Secret for Refresh Token Flow" off, so devices poll without it`,
          },
    async handle(ctx: ClientGrantContext): Promise<TokenResponse> {
      ctx.trace.grantType = grantType
      await checkDeviceFlowEnabled(ctx, ctx.app)
      const row = await lookup(ctx, codeParam)
      await checkExpiry(ctx, row)
      await poll(ctx, row)
      const user = await requireActiveUser(ctx, row.user_id!)
      await checkUserApproved(ctx, ctx.app, user, 'grant')
      await redeem(ctx, row)
      const scopes = splitScopes(row.scopes)
      const issued = await issueTokens(ctx, {
        app: ctx.app,
        user,
        scopes,
        refreshToken: grantsRefreshToken(scopes),
        signature: true,
        issuedAt: true,
        idToken: false,
        flow: 'device',
      })
      return issued.response
    },
  }
}

/** `grant_type=device&code=…`: what the Salesforce CLI polls with (multipart bodies). */
export const salesforceDeviceGrant = pollingGrant(SALESFORCE_DEVICE_GRANT, 'code')

/** `grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=…` (RFC 8628). */
export const rfc8628DeviceGrant = pollingGrant(RFC8628_DEVICE_GRANT, 'device_code')
