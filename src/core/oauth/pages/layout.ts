import { html, type SafeHtml } from './html'
import { logoIcon } from './icons'

/** Where the pages' stylesheet is served (same origin; CSP allows nothing else). */
export const LOGIN_CSS_PATH = '/services/oauth2/assets/login.css'

/** Salesforce's `display` values; each only changes the layout (reference §3). */
export type Display = 'page' | 'popup' | 'touch' | 'mobile'

export interface LayoutOptions {
  title: string
  display: Display
  /** The emulated org's name, shown in the footer. */
  orgName?: string
  body: SafeHtml
}

/**
 * The frame every authorization page shares: the Gatehouse mark above a centred card. No
 * scripts, and every resource comes from this origin (the favicon is an empty data: URL so
 * the browser does not ask for /favicon.ico).
 */
export function layout(options: LayoutOptions): string {
  const orgLine = options.orgName
    ? html`Emulated Salesforce org <strong>${options.orgName}</strong> on this computer.`
    : null
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${options.title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${LOGIN_CSS_PATH}" />
      </head>
      <body class="gh-display-${options.display}">
        <main class="gh-shell">
          <header class="gh-brand">
            ${logoIcon}<span class="gh-brand-name">Gatehouse</span>
            <span class="gh-brand-tag">Test org</span>
          </header>
          ${options.body}
          <footer class="gh-footer">
            ${orgLine} Only test users from your Gatehouse workspace can log in here.
          </footer>
        </main>
      </body>
    </html>`.value
}
