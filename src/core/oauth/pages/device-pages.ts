import { html, SafeHtml } from './html'
import { alertIcon, checkIcon, stopIcon } from './icons'
import { layout } from './layout'
import { describeScopes } from './scope-descriptions'

/**
 * The device verification pages (/setup/connect, reference §4.6): enter the code the device
 * shows, check what it asks for, Allow or Deny. Salesforce's consent button ids (#oaapprove,
 * #oadeny) are kept, so scripts written for its pages drive these too.
 */
export const CONNECT_PATH = '/setup/connect'
export const CONNECT_LOGIN_ACTION = '/setup/connect/login'
export const CONNECT_DECISION_ACTION = '/setup/connect/decision'
export const CONNECT_DONE_PATH = '/setup/connect/done'

export interface SignedInUser {
  name: string
  username: string
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [...word][0]!.toUpperCase())
  return letters.slice(0, 2).join('') || '?'
}

function signedInAs(user: SignedInUser): SafeHtml {
  return html`<div class="gh-user">
    <span class="gh-avatar" aria-hidden="true">${initials(user.name)}</span
    ><span>Logged in as <strong>${user.name}</strong> (${user.username})</span>
  </div>`
}

export interface CodeEntryPageInput {
  orgName: string
  user: SignedInUser
  csrf: string
  /** Why the last code was refused, and how many tries are left. */
  error?: string
}

/** "Connect your device": one field for the user code. */
export function codeEntryPage(input: CodeEntryPageInput): string {
  const body = html`<section class="gh-card" aria-labelledby="gh-connect-title">
    <h1 class="gh-title" id="gh-connect-title">Connect your device</h1>
    <p class="gh-subtitle">
      Enter the code shown on your device or in your app to let it use your
      <strong>${input.orgName}</strong> account.
    </p>
    ${
      input.error
        ? html`<div class="gh-alert" id="error" role="alert">
            ${alertIcon}<span>${input.error}</span>
          </div>`
        : null
    }
    <form method="post" action="${CONNECT_PATH}" name="connect" autocomplete="off">
      <input type="hidden" name="csrf" value="${input.csrf}" />
      <div class="gh-field">
        <label class="gh-label" for="user_code">Code</label>
        <input
          class="gh-input gh-code-input"
          id="user_code"
          name="user_code"
          type="text"
          autocomplete="one-time-code"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="20"
          placeholder="BCDF-GHJK"
          required
          autofocus
        />
      </div>
      <div class="gh-form-actions">
        <input class="gh-button" type="submit" id="connect" name="connect" value="Connect" />
      </div>
    </form>
    ${signedInAs(input.user)}
    <p class="gh-hint">
      Codes are 8 letters and expire after 10 minutes. Dashes and case don't matter.
    </p>
  </section>`
  return layout({
    title: `Connect your device | ${input.orgName}`,
    display: 'page',
    orgName: input.orgName,
    body,
  })
}

export interface DeviceConsentPageInput {
  orgName: string
  appName: string
  scopes: readonly string[]
  user: SignedInUser
  csrf: string
  /** The code as the person should compare it with the device (`BCDF-GHJK`). */
  userCode: string
}

/** "Allow access?" for a device: the code to compare, the app, the scopes, Allow / Deny. */
export function deviceConsentPage(input: DeviceConsentPageInput): string {
  const appInitial = initials(input.appName).slice(0, 1)
  const body = html`<section class="gh-card gh-card-wide" aria-labelledby="gh-consent-title">
    <h1 class="gh-title" id="gh-consent-title">Allow access?</h1>
    <p class="gh-subtitle">
      A device wants to use your <strong>${input.orgName}</strong> account. Make sure this code
      matches the one on your device:
    </p>
    <output class="gh-code" id="gh-user-code">${input.userCode}</output>
    <div class="gh-app">
      <div class="gh-app-icon" aria-hidden="true">${appInitial}</div>
      <div>
        <p class="gh-app-name" id="gh-app-name">${input.appName}</p>
        <p class="gh-app-sub">is asking for permission to:</p>
      </div>
    </div>
    <ul class="gh-scopes" id="gh-scopes">
      ${describeScopes(input.scopes).map((text) => html`<li>${checkIcon}<span>${text}</span></li> `)}
    </ul>
    ${signedInAs(input.user)}
    <form method="post" action="${CONNECT_DECISION_ACTION}" name="consent">
      <input type="hidden" name="csrf" value="${input.csrf}" />
      <input type="hidden" name="user_code" value="${input.userCode}" />
      <div class="gh-actions">
        <button
          class="gh-button gh-button-secondary"
          type="submit"
          id="oadeny"
          name="decision"
          value="deny"
        >
          Deny
        </button>
        <button class="gh-button" type="submit" id="oaapprove" name="decision" value="approve">
          Allow
        </button>
      </div>
    </form>
    <p class="gh-note">
      Allow access only if you started this on your own device. If you don't recognise the code,
      click Deny.
    </p>
  </section>`
  return layout({
    title: `Allow access? | ${input.orgName}`,
    display: 'page',
    orgName: input.orgName,
    body,
  })
}

/** After Allow or Deny: what happens next, on the device. */
export function deviceDonePage(input: { orgName: string; approved: boolean }): string {
  const body = input.approved
    ? html`<section class="gh-card" aria-labelledby="gh-done-title">
        <div class="gh-ok-icon">${checkIcon}</div>
        <h1 class="gh-title" id="gh-done-title">Your device is connected</h1>
        <p class="gh-subtitle">
          You can close this window. Your device signs in by itself within a few seconds.
        </p>
      </section>`
    : html`<section class="gh-card" aria-labelledby="gh-done-title">
        <div class="gh-error-icon">${stopIcon}</div>
        <h1 class="gh-title" id="gh-done-title">Access denied</h1>
        <p class="gh-subtitle">
          The device was not connected to your account. You can close this window.
        </p>
      </section>`
  return layout({
    title: `${input.approved ? 'Device connected' : 'Access denied'} | ${input.orgName}`,
    display: 'page',
    orgName: input.orgName,
    body,
  })
}

/** Too many wrong codes from this browser session (security case 38): no form at all. */
export function deviceLockedPage(input: { orgName: string; retryAfterMinutes: number }): string {
  const minutes = `${input.retryAfterMinutes} minute${input.retryAfterMinutes === 1 ? '' : 's'}`
  const body = html`<section class="gh-card" aria-labelledby="gh-locked-title">
    <div class="gh-error-icon">${stopIcon}</div>
    <h1 class="gh-title" id="gh-locked-title">Too many invalid codes</h1>
    <p class="gh-subtitle">
      For your security, code entry is locked for this session. Try again in ${minutes}, and check
      the code on your device carefully.
    </p>
  </section>`
  return layout({
    title: `Too many invalid codes | ${input.orgName}`,
    display: 'page',
    orgName: input.orgName,
    body,
  })
}
