import { useState } from 'react'
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { IconDeviceFloppy, IconDownload, IconLock } from '@tabler/icons-react'
import { useAdminClient } from '../../../api/context'
import { ApiErrorAlert } from '../../../components/ApiErrorAlert'
import type { SfdxExportResponse } from '../../../../../shared/sfdx-api'

function download(path: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/xml' }))
  const link = document.createElement('a')
  link.href = url
  link.download = path.split('/').pop() ?? 'metadata.xml'
  link.click()
  window.setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * Workspace → Export as metadata…: the apps as deployable source files. The desktop app writes
 * them into a chosen project folder; a browser downloads them one by one.
 */
export function SfdxExportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const client = useAdminClient()
  const [withSecrets, setWithSecrets] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const bridge = window.gatehouse
  const exported = useQuery({
    queryKey: ['workspace-sfdx', withSecrets],
    queryFn: ({ signal }) =>
      client.get<SfdxExportResponse>(`/workspace/sfdx?withSecrets=${withSecrets}`, { signal }),
    enabled: opened,
  })
  const files = exported.data?.files ?? {}

  async function save() {
    const folder = await bridge!.saveSfdxFiles(files)
    if (folder) setSaved(folder)
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Export as metadata" size="xl" centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The workspace’s apps as Metadata API source files, in the order a retrieve writes them,
          with every element kept from an import written back.
        </Text>
        <Checkbox
          label="Include secrets: External Client App global OAuth settings and connected app consumer secrets (keep them out of source control)"
          checked={withSecrets}
          onChange={(event) => setWithSecrets(event.currentTarget.checked)}
          data-testid="sfdx-with-secrets"
        />
        {withSecrets && (
          <Alert color="orange" variant="light" icon={<IconLock size={18} />} py="xs">
            These files hold consumer secrets: add **/*.ecaGlblOauth-meta.xml to .forceignore.
          </Alert>
        )}
        {exported.isError && <ApiErrorAlert error={exported.error} title="Could not export" />}
        {saved && (
          <Alert color="teal" variant="light" py="xs">
            Written to {saved}.
          </Alert>
        )}
        <ScrollArea.Autosize mah="32vh" offsetScrollbars>
          <Stack gap={4} data-testid="sfdx-export-files">
            {Object.entries(files).map(([path, text]) => (
              <Paper key={path} withBorder px="sm" py={4} radius="sm">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text
                    size="xs"
                    className="gh-mono"
                    style={{ wordBreak: 'break-all', flex: 1, minWidth: 0 }}
                  >
                    {path}
                  </Text>
                  {!bridge && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconDownload size={14} />}
                      style={{ flexShrink: 0 }}
                      onClick={() => download(path, text)}
                    >
                      Download
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        {(exported.data?.notes.length ?? 0) > 0 && (
          <ScrollArea.Autosize mah="16vh" data-testid="sfdx-export-notes">
            {exported.data!.notes.map((note) => (
              <Text size="xs" c="dimmed" key={note.app + note.message}>
                {note.app}: {note.message}
              </Text>
            ))}
          </ScrollArea.Autosize>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          {bridge && (
            <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()}>
              Save to project folder…
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  )
}
