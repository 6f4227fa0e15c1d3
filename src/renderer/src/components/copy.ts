/** Copies text, falling back to a hidden textarea where the async Clipboard API is unavailable
 * (plain http on a non-loopback host is not a secure context). */
export async function copyText(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return
    } catch {
      // fall through to the legacy path (e.g. permission denied in a background tab)
    }
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  try {
    if (!document.execCommand('copy')) throw new Error('The browser refused to copy')
  } finally {
    area.remove()
  }
}
