import { Group, Kbd, Text } from '@mantine/core'
import { isDesktop } from '../api/bridge'
import { VIEWS } from './views'
import type { ViewDef } from './views'

function keyLabel(key: string): string {
  return key === ',' ? ',' : key.toUpperCase()
}

/** "G then T" (and "Alt 2" on the desktop, where no browser shortcut claims it). */
export function ShortcutKeys({ view, size = 'xs' }: { view: ViewDef; size?: 'xs' | 'sm' }) {
  const index = VIEWS.indexOf(view) + 1
  return (
    <Group gap={6} wrap="nowrap">
      <Kbd size={size}>G</Kbd>
      <Text span size="xs" c="dimmed">
        then
      </Text>
      <Kbd size={size}>{keyLabel(view.key)}</Kbd>
      {isDesktop() && (
        <>
          <Text span size="xs" c="dimmed">
            or
          </Text>
          <Kbd size={size}>Alt</Kbd>
          <Kbd size={size}>{index}</Kbd>
        </>
      )}
    </Group>
  )
}
