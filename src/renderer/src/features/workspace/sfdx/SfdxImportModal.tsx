import { useRef, useState } from 'react'
import { Button, FileButton, Group, Modal, Paper, ScrollArea, Stack, Text } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { IconCheck, IconFolderOpen } from '@tabler/icons-react'
import { useAdminClient } from '../../../api/context'
import { ApiErrorAlert } from '../../../components/ApiErrorAlert'
import type { ImportReport } from '../../../../../shared/sfdx-api'
import { ImportReportView } from './ImportReportView'
import { readPickedFiles } from './projectFiles'

interface Source {
  label: string
  files: Record<string, string>
}

/**
 * Workspace → Import from SFDX project…: pick the project (a folder dialog in the desktop app;
 * a folder picker or dropped files in a browser), preview the report, then Apply.
 */
export function SfdxImportModal({
  opened,
  onClose,
  onApplied,
}: {
  opened: boolean
  onClose: () => void
  onApplied: (report: ImportReport) => void
}) {
  const client = useAdminClient()
  const [source, setSource] = useState<Source | null>(null)
  const [createMissing, setCreateMissing] = useState(true)
  const [dragging, setDragging] = useState(false)
  const folderInput = useRef<HTMLInputElement | null>(null)
  const bridge = window.gatehouse

  const path = (apply: boolean, create: boolean) =>
    `/workspace/sfdx?apply=${apply}&createMissing=${create}`
  const preview = useMutation({
    mutationFn: (args: { files: Record<string, string>; create: boolean }) =>
      client.send<ImportReport>('POST', path(false, args.create), { files: args.files }),
  })
  const apply = useMutation({
    mutationFn: () =>
      client.send<ImportReport>('POST', path(true, createMissing), { files: source!.files }),
    onSuccess: (report) => {
      onApplied(report)
      close()
    },
  })

  function load(next: Source) {
    setSource(next)
    apply.reset()
    preview.mutate({ files: next.files, create: createMissing })
  }
  function close() {
    setSource(null)
    preview.reset()
    apply.reset()
    onClose()
  }
  async function fromBrowser(list: Iterable<File>, label: string) {
    load({ label, files: await readPickedFiles(list) })
  }
  async function fromDesktop() {
    const picked = await bridge!.pickSfdxProject()
    if (picked) load({ label: picked.folder, files: picked.files })
  }

  return (
    <Modal opened={opened} onClose={close} title="Import from SFDX project" size="xl" centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Reads the Connected Apps and External Client Apps of a Salesforce DX project
          (force-app/…/connectedApps, externalClientApps, extlClntApp…): apps with the same consumer
          key or name are updated, others are added. You see what will change first.
        </Text>
        {bridge ? (
          <Group>
            <Button leftSection={<IconFolderOpen size={16} />} onClick={() => void fromDesktop()}>
              Choose project folder…
            </Button>
          </Group>
        ) : (
          <Paper
            withBorder
            p="md"
            radius="md"
            className={dragging ? 'gh-dropzone gh-dropzone-active' : 'gh-dropzone'}
            onDragOver={(event) => {
              event.preventDefault()
              setDragging(true)
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(event) => {
              event.preventDefault()
              setDragging(false)
              const dropped = Array.from(event.dataTransfer.files)
              void fromBrowser(dropped, `${dropped.length} dropped files`)
            }}
            data-testid="sfdx-dropzone"
          >
            <Group justify="space-between">
              <Text size="sm">Drop the project’s -meta.xml files here, or</Text>
              <Group gap="xs">
                <Button
                  leftSection={<IconFolderOpen size={16} />}
                  onClick={() => folderInput.current?.click()}
                >
                  Choose project folder…
                </Button>
                <FileButton
                  multiple
                  accept=".xml"
                  onChange={(files) => void fromBrowser(files, `${files.length} files`)}
                >
                  {(props) => (
                    <Button variant="default" {...props}>
                      Choose files…
                    </Button>
                  )}
                </FileButton>
              </Group>
            </Group>
            <input
              ref={folderInput}
              type="file"
              hidden
              multiple
              data-testid="sfdx-folder-input"
              // Chromium and the others pick a whole folder with these (non-standard) attributes.
              {...{ webkitdirectory: '', directory: '' }}
              onChange={(event) => {
                const list = Array.from(event.currentTarget.files ?? [])
                const folder = list[0]?.webkitRelativePath.split('/')[0] ?? 'folder'
                void fromBrowser(list, folder)
                event.currentTarget.value = ''
              }}
            />
          </Paper>
        )}
        {source && (
          <Text size="sm" data-testid="sfdx-source">
            <b>{source.label}</b>: {Object.keys(source.files).length} metadata files
            {Object.keys(source.files).length === 0 &&
              ' — none ends in -meta.xml. Choose the project folder, or drop the files themselves (a dropped folder is not opened).'}
          </Text>
        )}
        {preview.isError && (
          <ApiErrorAlert
            error={preview.error}
            title="This project cannot be imported; nothing changed"
          />
        )}
        {apply.isError && <ApiErrorAlert error={apply.error} title="Not applied" />}
        {preview.data && (
          <ScrollArea.Autosize mah="calc(100vh - 420px)" offsetScrollbars>
            <ImportReportView
              report={preview.data}
              onCreateMissing={(create) => {
                setCreateMissing(create)
                if (source) preview.mutate({ files: source.files, create })
              }}
            />
          </ScrollArea.Autosize>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            leftSection={<IconCheck size={16} />}
            disabled={!preview.data || preview.isPending || preview.data.apps.length === 0}
            loading={apply.isPending}
            onClick={() => apply.mutate()}
            data-testid="sfdx-apply"
          >
            Apply
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
