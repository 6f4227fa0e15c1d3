import { useEffect, useRef } from 'react'
import { VIEWS } from './views'
import type { ViewId } from './views'

/** How long after pressing G the second key of a "g then …" shortcut is accepted. */
const SEQUENCE_TIMEOUT_MS = 1500

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type)
  }
  // Monaco and other editors put focus in a textarea, but guard roles too.
  return target.closest('[role="textbox"], .monaco-editor') !== null
}

/**
 * Global view shortcuts:
 * - G then a letter (G S status, G T traffic, …), like GitHub and Gmail; works in every browser;
 * - Alt+1…9 in rail order (physical digit keys, so it also works with macOS Option);
 * - ? opens the shortcut list.
 * Keys typed into inputs and editors are left alone.
 */
export function useViewShortcuts(handlers: {
  onView: (view: ViewId) => void
  onHelp: () => void
}): void {
  const latest = useRef(handlers)
  latest.current = handlers

  useEffect(() => {
    let pendingG = 0

    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing || isTyping(event.target)) return

      if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        const digit = /^Digit([1-9])$/.exec(event.code)?.[1]
        const view = digit ? VIEWS[Number(digit) - 1] : undefined
        if (view) {
          event.preventDefault()
          latest.current.onView(view.id)
        }
        return
      }
      if (event.altKey || event.ctrlKey || event.metaKey) return

      const key = event.key.toLowerCase()
      if (pendingG && Date.now() - pendingG < SEQUENCE_TIMEOUT_MS) {
        pendingG = 0
        const view = VIEWS.find((candidate) => candidate.key === key)
        if (view) {
          event.preventDefault()
          latest.current.onView(view.id)
        }
        return
      }
      pendingG = 0
      if (key === 'g' && !event.shiftKey) {
        pendingG = Date.now()
      } else if (event.key === '?') {
        event.preventDefault()
        latest.current.onHelp()
      }
    }

    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
