import { useEffect, useRef } from 'react'

export interface PresenterKeys {
  onNext: () => void
  onBack: () => void
  onEdit: () => void
  onLeave: () => void
}

/**
 * Presenter mode is keyboard only (a trainer with a clicker or at the laptop): → ← E Esc.
 * Listens in the capture phase and stops the keys it uses, so the workbench's own shortcuts
 * do not fire behind the presentation; keys with Ctrl, Alt or Meta stay the browser's.
 */
export function usePresenterKeys(keys: PresenterKeys): void {
  const current = useRef(keys)
  current.current = keys
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return
      const { onNext, onBack, onEdit, onLeave } = current.current
      if (event.key === 'ArrowRight' || event.key === 'PageDown') onNext()
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') onBack()
      else if (event.key === 'e' || event.key === 'E') onEdit()
      else if (event.key === 'Escape') onLeave()
      else return
      event.preventDefault()
      event.stopImmediatePropagation()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
}
