/**
 * DNS-rebinding defence: a page on attacker.example can resolve its own name to 127.0.0.1
 * and then talk to us with `Host: attacker.example:PORT`. Only the names we are actually
 * reached by are accepted.
 */
export function allowedHostsFor(
  host: string,
  port: number,
  extra: readonly string[] = [],
): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', ...extra.map((h) => h.toLowerCase())])
  if (host !== '0.0.0.0' && host !== '::') names.add(host.includes(':') ? `[${host}]` : host)
  const allowed = new Set<string>()
  for (const name of names) {
    allowed.add(`${name}:${port}`)
    // Browsers omit the default port from Host.
    if (port === 80) allowed.add(name)
  }
  return allowed
}

export function isAllowedHost(
  hostHeader: string | undefined,
  allowed: ReadonlySet<string>,
): boolean {
  if (!hostHeader) return false
  return allowed.has(hostHeader.toLowerCase())
}
