import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core'
import { IconMoon, IconSun } from '@tabler/icons-react'

/** Light/dark switch. The choice is kept in localStorage; until then the OS decides. */
export function ColorSchemeToggle() {
  const { toggleColorScheme } = useMantineColorScheme()
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false })
  const next = computed === 'dark' ? 'light' : 'dark'
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        onClick={toggleColorScheme}
        aria-label={`Switch to ${next} theme`}
        data-testid="color-scheme-toggle"
      >
        {computed === 'dark' ? (
          <IconSun size={19} stroke={1.7} />
        ) : (
          <IconMoon size={19} stroke={1.7} />
        )}
      </ActionIcon>
    </Tooltip>
  )
}
