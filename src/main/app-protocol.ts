import { readFile, stat } from 'node:fs/promises'
import { protocol } from 'electron'
import { appResponseHeaders, resolveAppFile } from './policy/app-files'
import { APP_SCHEME } from './policy/app-origin'

/**
 * The renderer's origin is app://gatehouse (E1, E16). Privileges must be registered before
 * 'ready': standard (real origin, relative URLs), secure (a secure context, like https) and
 * fetch support for the renderer's own assets. No service workers, no CORS bypass.
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Serves files from `rendererDir` only, each response carrying the CSP header (E7). */
export function serveAppScheme(rendererDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const decision = resolveAppFile(request.method, request.url, rendererDir)
    if (decision.status === 405) return new Response('Method not allowed', { status: 405 })
    if (decision.status === 404) return notFound()
    try {
      const info = await stat(decision.filePath)
      if (!info.isFile()) return notFound()
      const headers = appResponseHeaders(decision.contentType, csp)
      const body = request.method === 'HEAD' ? null : await readFile(decision.filePath)
      return new Response(body, { status: 200, headers })
    } catch {
      return notFound()
    }
  })
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
}
