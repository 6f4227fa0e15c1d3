/**
 * The Content-Security-Policy sent with every app:// response (E7). `apiBase` is the engine's
 * base URL; only its origin is added to connect-src (admin API, SSE stream).
 */
export function contentSecurityPolicy(apiBase: string): string {
  const api = new URL(apiBase)
  if (api.protocol !== 'http:' && api.protocol !== 'https:') {
    throw new Error(`The engine address must be http(s), got ${api.protocol}`)
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['connect-src', ["'self'", api.origin]],
    ['img-src', ["'self'", 'data:']],
    // The UI library (Mantine) and Monaco write inline style attributes and <style> tags at
    // runtime; neither works without 'unsafe-inline' for styles (microsoft/monaco-editor#271).
    // Scripts stay strict: no inline script, no eval.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    // Monaco starts its language workers from blob: URLs.
    ['worker-src', ["'self'", 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ]
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}
