import {
  IconAlertOctagon,
  IconApps,
  IconArrowsExchange,
  IconFileCode,
  IconGauge,
  IconKey,
  IconPlayerPlay,
  IconPlugConnected,
  IconRoute,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react'
import type { Icon } from '@tabler/icons-react'

export type ViewId =
  | 'status'
  | 'traffic'
  | 'flows'
  | 'run'
  | 'errors'
  | 'apps'
  | 'users'
  | 'usage'
  | 'workspace'
  | 'jwt'
  | 'settings'

export interface ViewDef {
  id: ViewId
  label: string
  icon: Icon
  /** Second key of the "g then …" shortcut (shown as G then this key). */
  key: string
  /** Navigation group: the rail shows a small heading above the first view of each group. */
  group: 'overview' | 'debug' | 'org' | 'tools' | 'app'
}

/** The navigation rail, in order. Alt+1…9 follow this order. */
export const VIEWS: readonly ViewDef[] = [
  { id: 'status', label: 'Status', icon: IconGauge, key: 's', group: 'overview' },
  { id: 'traffic', label: 'Traffic', icon: IconArrowsExchange, key: 't', group: 'debug' },
  { id: 'flows', label: 'Flows', icon: IconRoute, key: 'f', group: 'debug' },
  { id: 'run', label: 'Run', icon: IconPlayerPlay, key: 'r', group: 'debug' },
  { id: 'errors', label: 'Errors', icon: IconAlertOctagon, key: 'e', group: 'debug' },
  { id: 'apps', label: 'Apps', icon: IconApps, key: 'a', group: 'org' },
  { id: 'users', label: 'Users', icon: IconUsers, key: 'u', group: 'org' },
  { id: 'usage', label: 'OAuth usage', icon: IconPlugConnected, key: 'o', group: 'org' },
  { id: 'workspace', label: 'Workspace', icon: IconFileCode, key: 'w', group: 'org' },
  { id: 'jwt', label: 'JWT', icon: IconKey, key: 'j', group: 'tools' },
  { id: 'settings', label: 'Settings', icon: IconSettings, key: ',', group: 'app' },
]

export const GROUP_LABELS: Record<ViewDef['group'], string | null> = {
  overview: null,
  debug: 'Debug',
  org: 'Emulated org',
  tools: 'Tools',
  app: null,
}

export const DEFAULT_VIEW: ViewId = 'status'

export function findView(id: string): ViewDef | undefined {
  return VIEWS.find((view) => view.id === id)
}
