import { Group, Text, ThemeIcon } from '@mantine/core'
import type { Icon } from '@tabler/icons-react'
import type { ReactNode } from 'react'

/** One "meanwhile" suggestion: an icon, a sentence, and optionally a command or value under it. */
export function Hint({
  icon: HintIcon,
  children,
  detail,
}: {
  icon: Icon
  children: ReactNode
  detail?: ReactNode
}) {
  return (
    <Group gap="md" align="flex-start" wrap="nowrap">
      <ThemeIcon variant="default" size={34} radius="md" style={{ flex: 'none' }}>
        <HintIcon size={19} stroke={1.7} />
      </ThemeIcon>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" mt={6}>
          {children}
        </Text>
        {detail && <div style={{ marginTop: 8 }}>{detail}</div>}
      </div>
    </Group>
  )
}
