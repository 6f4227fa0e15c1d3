import { html } from './html'
import { stopIcon } from './icons'
import { layout, type Display } from './layout'

export interface ErrorPageInput {
  /** Short headline in plain words. */
  heading: string
  /** What happened and what to do, in Salesforce's terms. */
  message: string
  /** Salesforce's error pair, shown for developers. */
  error: string
  description: string
  display?: Display
  orgName?: string
}

/**
 * The page for errors that must not go back to the client (the redirect URI is unknown or
 * unverified, or the form itself is not trustworthy). It deliberately carries no link: the
 * only URI we could offer is one we have not verified.
 */
export function errorPage(input: ErrorPageInput): string {
  const body = html`<section class="gh-card" aria-labelledby="gh-error-title">
    <div class="gh-error-icon">${stopIcon}</div>
    <h1 class="gh-title" id="gh-error-title">${input.heading}</h1>
    <p class="gh-subtitle">${input.message}</p>
    <dl class="gh-details" id="gh-error-details">
      <dt>error</dt>
      <dd id="gh-error-code">${input.error}</dd>
      <dt>error_description</dt>
      <dd id="gh-error-description">${input.description}</dd>
    </dl>
    <p class="gh-note">
      Go back to the application that sent you here and start again. If this keeps happening,
      contact your Salesforce administrator.
    </p>
  </section>`
  return layout({
    title: `${input.heading} | Gatehouse`,
    display: input.display ?? 'page',
    orgName: input.orgName,
    body,
  })
}
