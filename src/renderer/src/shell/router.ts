import { useCallback, useSyncExternalStore } from 'react'

/**
 * A tiny hash router: `#/traffic/abc` → ['traffic', 'abc']. Hash routes work the same from
 * app://gatehouse/index.html and from http://127.0.0.1:PORT/_gatehouse/ without any server
 * rewrites, and the browser's back/forward buttons just work.
 */
export interface Route {
  /** First path segment ('' for the start page) */
  view: string
  segments: string[]
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

function getHash(): string {
  return window.location.hash
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split(/[?&]/)[0] ?? ''
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })
  return { view: segments[0] ?? '', segments: segments.slice(1) }
}

export function hrefFor(view: string, ...segments: string[]): string {
  return '#/' + [view, ...segments].map(encodeURIComponent).join('/')
}

export function navigate(view: string, ...segments: string[]): void {
  const href = hrefFor(view, ...segments)
  if (window.location.hash !== href) window.location.hash = href
}

export function useRoute(): Route & { navigate: typeof navigate } {
  const hash = useSyncExternalStore(subscribe, getHash)
  const go = useCallback(navigate, [])
  return { ...parseRoute(hash), navigate: go }
}
