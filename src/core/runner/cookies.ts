import type { RunStep } from '../../shared/runner-api'

/**
 * The run's cookie jar, rebuilt from the Set-Cookie headers of the steps sent so far (so a
 * re-run from an earlier step starts from the cookies a browser would have had then). The
 * runner plays one browser per run: the login session belongs to the run alone.
 */
export function cookieHeader(steps: readonly RunStep[]): string | undefined {
  const jar = new Map<string, string>()
  for (const step of steps) {
    const lines = step.status === 'sent' ? step.response?.headers['set-cookie'] : undefined
    if (!lines) continue
    for (const line of lines.split('\n')) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (expired || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }
  return jar.size ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : undefined
}
