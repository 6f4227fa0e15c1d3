import { SafeHtml } from './html'

/**
 * Inline SVG icons (markup in the page, not fetched), so the pages need no image requests.
 * Constant markup only: nothing user-supplied is ever placed in here.
 */
export const logoIcon = new SafeHtml(
  '<svg viewBox="0 0 40 40" aria-hidden="true" focusable="false">' +
    '<rect width="40" height="40" rx="9" fill="#0b5cab"/>' +
    '<path fill="#fff" d="M9 31V12h4v3.5h4V12h6v3.5h4V12h4v19h-8.5v-6.5a2.5 2.5 0 0 0-5 0V31z"/>' +
    '</svg>',
)

export const alertIcon = new SafeHtml(
  '<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" fill="currentColor">' +
    '<path d="M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17zm0 4a1 1 0 0 1 1 1v4.2a1 1 0 1 1-2 0V6.5a1 1 0 0 1 1-1zm0 9.6a1.15 1.15 0 1 1 0-2.3 1.15 1.15 0 0 1 0 2.3z"/>' +
    '</svg>',
)

export const checkIcon = new SafeHtml(
  '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="currentColor">' +
    '<path d="M6.4 11.6 2.8 8a.9.9 0 1 1 1.3-1.3l2.3 2.3 5.5-5.5A.9.9 0 1 1 13.2 4.8z"/>' +
    '</svg>',
)

export const stopIcon = new SafeHtml(
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round">' +
    '<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5M12 16.5v.01"/>' +
    '</svg>',
)
