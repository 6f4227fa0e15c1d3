import { html } from './html'
import { checkIcon } from './icons'
import { layout, type Display } from './layout'
import { describeScopes } from './scope-descriptions'

/** Where the consent form posts. */
export const CONSENT_ACTION = '/services/oauth2/authorize/consent'

export interface ConsentPageInput {
  orgName: string
  appName: string
  scopes: readonly string[]
  user: { name: string; username: string }
  requestId: string
  csrf: string
  display: Display
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [...word][0]!.toUpperCase())
  return letters.slice(0, 2).join('') || '?'
}

/**
 * "Allow access?": which app, what it may do (scopes in plain words) and as whom. Allow and
 * Deny carry Salesforce's ids (#oaapprove, #oadeny) and post one form with the CSRF token.
 */
export function consentPage(input: ConsentPageInput): string {
  const appInitial = initials(input.appName).slice(0, 1)
  const body = html`<section class="gh-card gh-card-wide" aria-labelledby="gh-consent-title">
    <h1 class="gh-title" id="gh-consent-title">Allow access?</h1>
    <p class="gh-subtitle">An app wants to use your <strong>${input.orgName}</strong> account.</p>
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
    <div class="gh-user">
      <span class="gh-avatar" aria-hidden="true">${initials(input.user.name)}</span
      ><span>Logged in as <strong>${input.user.name}</strong> (${input.user.username})</span>
    </div>
    <form method="post" action="${CONSENT_ACTION}" name="consent">
      <input type="hidden" name="request_id" value="${input.requestId}" />
      <input type="hidden" name="csrf" value="${input.csrf}" />
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
      Allow access only if you trust ${input.appName}. The approval is remembered for this user and
      app.
    </p>
  </section>`
  return layout({
    title: `Allow access? | ${input.orgName}`,
    display: input.display,
    orgName: input.orgName,
    body,
  })
}
