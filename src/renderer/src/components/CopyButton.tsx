import { useEffect, useRef, useState } from 'react'
import { ActionIcon, Tooltip } from '@mantine/core'
import type { ActionIconProps } from '@mantine/core'
import { IconCheck, IconCopy, IconX } from '@tabler/icons-react'
import { copyText } from './copy'

export interface CopyButtonProps extends Omit<ActionIconProps, 'children'> {
  value: string
  /** What is copied, for the tooltip and screen readers: "Copy token URL". */
  label: string
}

/** An icon button that copies `value` and confirms with a check mark. */
export function CopyButton({ value, label, size = 'lg', ...rest }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const timer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(timer.current), [])

  async function onClick() {
    let next: 'copied' | 'failed' = 'copied'
    try {
      await copyText(value)
    } catch {
      next = 'failed'
    }
    setState(next)
    window.clearTimeout(timer.current)
    timer.current = window.setTimeout(() => setState('idle'), 1600)
  }

  const tooltip = state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : label
  const Icon = state === 'copied' ? IconCheck : state === 'failed' ? IconX : IconCopy
  return (
    <Tooltip label={tooltip} opened={state !== 'idle' ? true : undefined} position="left">
      <ActionIcon
        variant="subtle"
        color={state === 'copied' ? 'teal' : state === 'failed' ? 'red' : 'gray'}
        size={size}
        aria-label={label}
        onClick={() => void onClick()}
        {...rest}
      >
        <Icon size={18} stroke={1.8} />
      </ActionIcon>
    </Tooltip>
  )
}
