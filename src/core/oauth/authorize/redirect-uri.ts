/**
 * Salesforce accepts a redirect_uri only when it is exactly, character for character, one of
 * the app's callback URLs (reference §3, security case 1): no normalisation of case, trailing
 * slashes, percent-encoding, dot segments or query strings, because any of them can turn a
 * registered URI into an attacker's.
 */
export function isRegisteredRedirectUri(registered: readonly string[], presented: string): boolean {
  return registered.includes(presented)
}

/** Why a presented URI is not the registered one, in words for the trace (never sent). */
export function explainMismatch(registered: readonly string[], presented: string): string {
  const list = registered.length ? registered.map((u) => `"${u}"`).join(', ') : 'none'
  const base = `redirect_uri "${presented}" is not byte-identical to any callback URL of the app (registered: ${list})`
  const hint = registered.map((r) => differenceHint(r, presented)).find(Boolean)
  return hint ? `${base}; ${hint}` : base
}

function differenceHint(registered: string, presented: string): string | undefined {
  const near = `compared with "${registered}"`
  if (presented.includes('#')) return `it carries a fragment, which a redirect URI may never have`
  if (presented.toLowerCase() === registered.toLowerCase()) {
    return `${near} it differs only in letter case`
  }
  if (presented.replace(/\/+$/, '') === registered.replace(/\/+$/, '')) {
    return `${near} it differs by a trailing slash`
  }
  if (presented.startsWith(registered) && /^[?&]/.test(presented.slice(registered.length))) {
    return `${near} it adds a query string`
  }
  if (safeDecode(presented) === safeDecode(registered)) {
    return `${near} it is percent-encoded differently`
  }
  if (/\/\.\.?(\/|$)/.test(presented)) return `it contains dot segments (/../ or /./)`
  return undefined
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
