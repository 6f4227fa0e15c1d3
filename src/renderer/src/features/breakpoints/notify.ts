import type { PausedExchange } from '../../../../shared/admin-api'
import { isDesktop } from '../../api/bridge'

/**
 * The desktop app raises a native notification when an exchange pauses while its window is
 * not focused (Electron shows the web Notification as a system one). In a browser tab the
 * badge is enough: no permission prompt is ever shown there.
 */
export function notifyPaused(paused: PausedExchange): void {
  if (!isDesktop() || document.hasFocus() || typeof Notification === 'undefined') return
  const path = new URL(paused.request.url, 'http://gatehouse.invalid').pathname
  const show = () =>
    new Notification('Gatehouse: an exchange is paused', {
      body: `${paused.request.method} ${path} at ${paused.at} (${paused.breakpointName ?? paused.breakpoint})`,
      tag: `paused-${paused.id}`,
    })
  if (Notification.permission === 'granted') show()
  else if (Notification.permission !== 'denied') {
    void Notification.requestPermission().then((permission) => {
      if (permission === 'granted') show()
    })
  }
}
