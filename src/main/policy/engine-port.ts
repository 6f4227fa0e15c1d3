export interface ListenTarget {
  host: string
  port: number
}

/**
 * Listen on the preferred port (8787, the documented default); if another process holds it
 * (EADDRINUSE), take a free port instead. Any other failure is reported as is.
 */
export async function listenWithFallback<T>(
  listen: (target: ListenTarget) => Promise<T>,
  host: string,
  preferredPort: number,
  onFallback: (message: string) => void = () => {},
): Promise<T> {
  try {
    return await listen({ host, port: preferredPort })
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code !== 'EADDRINUSE' || preferredPort === 0) throw err
    onFallback(`Gatehouse: port ${preferredPort} is in use; listening on a free port instead.`)
    return listen({ host, port: 0 })
  }
}
