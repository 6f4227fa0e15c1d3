import type { Gatehouse } from '../../gatehouse'

/** Small helpers for the plain words the steps record. */

export function isoTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? 'never' : new Date(ms).toISOString()
}

/** An app by name when it still exists, else by consumer key. */
export function appLabel(engine: Gatehouse, consumerKey: string): string {
  return engine.store.workspace.findAppByConsumerKey(consumerKey)?.name ?? consumerKey
}

export function splitScopes(text: string): string[] {
  return text.split(' ').filter(Boolean)
}
