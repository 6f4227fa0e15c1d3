import {
  EmptyState,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core'
import type { MantineColorScheme } from '@mantine/core'
import { IconAdjustments, IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { PageHeader } from '../../components/PageHeader'
import { ShortcutKeys } from '../../shell/ShortcutKeys'
import { VIEWS } from '../../shell/views'

function Option({ icon, label }: { icon: ReactNode; label: string }) {
  return (
    <Group gap={8} wrap="nowrap" justify="center">
      {icon}
      <span>{label}</span>
    </Group>
  )
}

export function SettingsView() {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  return (
    <>
      <PageHeader
        title="Settings"
        description="How the workbench looks on this computer, and (soon) how the server behaves."
      />
      <Stack gap="lg">
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="settings-look">
          <Title order={2} size="h3" id="settings-look" mb={4}>
            Appearance
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            Saved in this browser. “System” follows your operating system’s light or dark mode.
          </Text>
          <SegmentedControl
            value={colorScheme}
            onChange={(value) => setColorScheme(value as MantineColorScheme)}
            aria-label="Color scheme"
            size="md"
            data={[
              { value: 'light', label: <Option icon={<IconSun size={17} />} label="Light" /> },
              { value: 'dark', label: <Option icon={<IconMoon size={17} />} label="Dark" /> },
              {
                value: 'auto',
                label: <Option icon={<IconDeviceDesktop size={17} />} label="System" />,
              },
            ]}
          />
        </Paper>

        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="settings-keys">
          <Title order={2} size="h3" id="settings-keys" mb={4}>
            Keyboard shortcuts
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Press G, then the key of a view. Press ? anywhere to see this list.
          </Text>
          <Table verticalSpacing={6} withRowBorders={false} maw={520}>
            <Table.Tbody>
              {VIEWS.map((view) => (
                <Table.Tr key={view.id}>
                  <Table.Td w={200}>
                    <Text size="sm">{view.label}</Text>
                  </Table.Td>
                  <Table.Td>
                    <ShortcutKeys view={view} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>

        <Paper withBorder radius="md" py={40} px="xl" component="section">
          <EmptyState
            size="md"
            variant="light"
            icon={<IconAdjustments size={26} stroke={1.6} />}
            title="Server settings will be here"
            description="Trace retention, trusting X-Forwarded-For, and the simulated client IP. Until then they come from the workspace file and the gatehouse serve options."
            maw={620}
            mx="auto"
          />
        </Paper>
      </Stack>
    </>
  )
}
