import { html } from './html'
import { alertIcon } from './icons'
import { layout, type Display } from './layout'

/** Where the login form posts (a Gatehouse path; Salesforce's own form posts elsewhere). */
export const LOGIN_ACTION = '/services/oauth2/authorize/login'

/** Salesforce's message for every failed login, whatever the real reason (kept generic). */
export const LOGIN_FAILED_MESSAGE =
  "Please check your username and password. If you still can't log in, contact your Salesforce administrator."

export interface LoginPageInput {
  orgName: string
  appName: string
  requestId: string
  csrf: string
  display: Display
  /** Where the form posts (default: the authorization endpoint's login; the device page has its own). */
  action?: string
  /** Pre-filled username: login_hint, or what the user typed before a failed attempt. */
  username?: string
  error?: string
}

/**
 * The login page, with Salesforce's element ids (#username, #password, #Login) so browser
 * scripts written against Salesforce's login page drive this one unchanged.
 */
export function loginPage(input: LoginPageInput): string {
  const body = html`<section class="gh-card" aria-labelledby="gh-login-title">
    <h1 class="gh-title" id="gh-login-title">Log in to ${input.orgName}</h1>
    <p class="gh-subtitle">to continue to <strong id="gh-app-name">${input.appName}</strong></p>
    ${input.error ? html`<div class="gh-alert" id="error" role="alert">${alertIcon}<span>${input.error}</span></div>` : null}
    <form method="post" action="${input.action ?? LOGIN_ACTION}" name="login" autocomplete="on">
      <input type="hidden" name="request_id" value="${input.requestId}" />
      <input type="hidden" name="csrf" value="${input.csrf}" />
      <div class="gh-field">
        <label class="gh-label" for="username">Username</label>
        <input
          class="gh-input"
          id="username"
          name="username"
          type="text"
          inputmode="email"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          required
          value="${input.username ?? ''}"
          ${input.username ? null : html` autofocus`}
        />
      </div>
      <div class="gh-field">
        <label class="gh-label" for="password">Password</label>
        <input
          class="gh-input"
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required${input.username ? html` autofocus` : null}
        />
      </div>
      <input class="gh-button" type="submit" id="Login" name="Login" value="Log In" />
    </form>
    <p class="gh-hint">Log in with a user from this org's Gatehouse workspace.</p>
  </section>`
  return layout({
    title: `Log in to ${input.orgName} | Gatehouse`,
    display: input.display,
    orgName: input.orgName,
    body,
  })
}
