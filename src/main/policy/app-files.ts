import nodePath from 'node:path'
import { APP_HOST, APP_SCHEME } from './app-origin'

export type PathImpl = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'extname'>

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentTypeFor(filePath: string, path: PathImpl = nodePath): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream'
}

export type AppFileDecision =
  { status: 200; filePath: string; contentType: string } | { status: 404 } | { status: 405 }

// The raw request text, before URL parsing: parsing would quietly resolve `..` segments,
// so they are looked for (also percent-encoded) in what was actually asked for.
const APP_URL_RAW = new RegExp(`^${APP_SCHEME}://${APP_HOST}(/[^?#]*)?(?:[?#].*)?$`)

/**
 * Maps an app:// request to a file under `rootDir` (the built renderer), or refuses it (E16).
 * Refused: other hosts, any `.`/`..` segment (raw or percent-encoded), backslashes, NUL,
 * encoded slashes, directories, and anything that would resolve outside `rootDir`.
 * GET and HEAD only. The caller still checks that the file exists and is a regular file.
 */
export function resolveAppFile(
  method: string,
  requestUrl: string,
  rootDir: string,
  path: PathImpl = nodePath,
): AppFileDecision {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405 }
  const match = APP_URL_RAW.exec(requestUrl)
  if (!match) return { status: 404 }
  const rawPath = match[1] ?? '/'
  if (/%2f|%5c|%00/i.test(rawPath)) return { status: 404 }
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return { status: 404 }
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return { status: 404 }
  const segments = decoded.split('/').slice(1)
  if (segments.some((segment) => segment === '.' || segment === '..')) return { status: 404 }
  const relative = decoded === '/' ? 'index.html' : segments.join('/')
  if (relative === '' || relative.endsWith('/')) return { status: 404 }

  const root = path.resolve(rootDir)
  const filePath = path.resolve(root, relative)
  const inside = path.relative(root, filePath)
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return { status: 404 }
  return { status: 200, filePath, contentType: contentTypeFor(filePath, path) }
}

/** Headers on every app:// response: the CSP (E7) and a few cheap hardening headers. */
export function appResponseHeaders(contentType: string, csp: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  }
}
