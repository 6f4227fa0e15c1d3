import { ActionIcon, Group, Text, Tooltip } from '@mantine/core'
import { IconExternalLink } from '@tabler/icons-react'
import type { MouseEvent } from 'react'
import { openExternal } from '../api/bridge'
import { CopyButton } from './CopyButton'

/** A value in monospace with a copy button (and optionally an "open" button for URLs). */
export function CopyField({
  value,
  label,
  openable = false,
}: {
  value: string
  /** Names the value for the copy button: "token URL" → "Copy token URL". */
  label: string
  openable?: boolean
}) {
  return (
    <Group gap={4} wrap="nowrap" align="center">
      <Text component="span" className="gh-mono" size="sm" style={{ flex: 1, minWidth: 0 }}>
        {value}
      </Text>
      {openable && (
        <Tooltip label={`Open ${label}`} position="left">
          <ActionIcon
            component="a"
            href={value}
            target="_blank"
            rel="noreferrer noopener"
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Open ${label}`}
            onClick={(event: MouseEvent) => {
              event.preventDefault()
              openExternal(value)
            }}
          >
            <IconExternalLink size={18} stroke={1.8} />
          </ActionIcon>
        </Tooltip>
      )}
      <CopyButton value={value} label={`Copy ${label}`} />
    </Group>
  )
}
