import { Kbd, Modal, Stack, Table, Text } from '@mantine/core'
import { ShortcutKeys } from './ShortcutKeys'
import { VIEWS } from './views'

/** The list of keyboard shortcuts, opened with "?". */
export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={650} size="lg">
          Keyboard shortcuts
        </Text>
      }
      size="md"
      centered
    >
      <Stack gap="md">
        <Table verticalSpacing={6} horizontalSpacing="xs" withRowBorders={false}>
          <Table.Tbody>
            {VIEWS.map((view) => (
              <Table.Tr key={view.id}>
                <Table.Td>
                  <Text size="sm">Go to {view.label}</Text>
                </Table.Td>
                <Table.Td>
                  <ShortcutKeys view={view} />
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>
                <Text size="sm">Show this list</Text>
              </Table.Td>
              <Table.Td>
                <Kbd size="xs">?</Kbd>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          Alt+1 to Alt+9 switch views in rail order too, wherever the browser does not keep them for
          its tabs. Tab and Shift+Tab move through the rail and the page; Enter opens the focused
          view. Shortcuts are ignored while you type in a field.
        </Text>
      </Stack>
    </Modal>
  )
}
