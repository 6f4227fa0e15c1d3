import { useCallback, useMemo, useRef, useState } from 'react'
import {
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconArrowBackUp,
  IconCheck,
  IconCloudDownload,
  IconCloudUpload,
  IconDownload,
  IconRefreshAlert,
  IconUpload,
} from '@tabler/icons-react'
import { AdminApiError } from '../../api/client'
import { useAdminClient } from '../../api/context'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { LazyJsonEditor } from '../../monaco/LazyJsonEditor'
import type { EditorMarker, EditorProblem, MonacoEditor } from '../../monaco/LazyJsonEditor'
import { revealPosition } from '../../monaco/revealProblem'
import { locatePath, positionAt } from './jsonLocate'
import { SfdxExportModal } from './sfdx/SfdxExportModal'
import { SfdxImportModal } from './sfdx/SfdxImportModal'

interface ServerIssue {
  path: string
  message: string
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

function markersFor(text: string, issues: ServerIssue[]): EditorMarker[] {
  return issues.map((issue) => {
    const range = locatePath(text, issue.path) ?? { start: 0, end: 1 }
    const start = positionAt(text, range.start)
    const end = positionAt(text, range.end)
    return {
      message: `${issue.path}: ${issue.message}`,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    }
  })
}

export default function WorkspacePage() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const workspace = useQuery({
    queryKey: ['workspace'],
    queryFn: ({ signal }) => client.get<unknown>('/workspace', { signal }),
    refetchOnWindowFocus: false,
  })
  const schema = useQuery({
    queryKey: ['workspace-schema'],
    queryFn: ({ signal }) => client.get<unknown>('/workspace/schema', { signal }),
    staleTime: Infinity,
  })
  const [draft, setDraft] = useState<string | null>(null)
  const [problems, setProblems] = useState<EditorProblem[]>([])
  const [serverIssues, setServerIssues] = useState<{ text: string; issues: ServerIssue[] } | null>(
    null,
  )
  const [notice, setNotice] = useState<string | null>(null)
  const [confirmReset, setConfirmReset] = useState(false)
  const [sfdxImport, setSfdxImport] = useState(false)
  const [sfdxExport, setSfdxExport] = useState(false)
  const editorRef = useRef<MonacoEditor | null>(null)
  const onEditor = useCallback((editor: MonacoEditor | null) => {
    editorRef.current = editor
  }, [])

  const baseline = useMemo(
    () => (workspace.data === undefined ? '' : pretty(workspace.data)),
    [workspace.data],
  )
  const text = draft ?? baseline
  const dirty = draft !== null && draft !== baseline

  const loaded = (next: unknown, message: string) => {
    queryClient.setQueryData(['workspace'], next)
    setDraft(null)
    setServerIssues(null)
    setNotice(message)
    // Everything else (status counts, apps, users …) comes from the workspace.
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'workspace' })
  }

  const apply = useMutation({
    mutationFn: (body: unknown) => client.send<unknown>('PUT', '/workspace', body),
    onSuccess: (next) => loaded(next, 'Applied: the org now runs on this workspace.'),
    onError: (error) => {
      if (error instanceof AdminApiError && error.issues.length > 0) {
        setServerIssues({ text, issues: error.issues })
      }
    },
  })
  const reset = useMutation({
    mutationFn: () => client.send<unknown>('POST', '/workspace/reset'),
    onSuccess: (next) => {
      setConfirmReset(false)
      loaded(next, 'The demo workspace is loaded.')
    },
  })

  const markers = useMemo(
    () => (serverIssues && serverIssues.text === text ? markersFor(text, serverIssues.issues) : []),
    [serverIssues, text],
  )

  function onApply() {
    setNotice(null)
    apply.reset()
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (error) {
      setServerIssues(null)
      apply.reset()
      setNotice(null)
      setParseError(error instanceof Error ? error.message : String(error))
      return
    }
    setParseError(null)
    apply.mutate(body)
  }
  const [parseError, setParseError] = useState<string | null>(null)

  async function onImport(file: File | null) {
    if (!file) return
    const content = await file.text()
    setDraft(content)
    setNotice(`Imported ${file.name} into the editor. Check it, then Apply.`)
  }

  function onExport() {
    const blob = new Blob([text], { type: 'application/json' })
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = 'workspace.json'
    link.click()
    window.setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  const errors = problems.filter((problem) => problem.severity === 'error').length
  const allProblems: Array<{
    key: string
    severity: string
    message: string
    line: number
    column: number
    source: string
  }> = [
    ...problems.map((problem, index) => ({
      key: `m${index}`,
      severity: problem.severity,
      message: problem.message,
      line: problem.line,
      column: problem.column,
      source: 'schema',
    })),
    ...markers.map((marker, index) => ({
      key: `s${index}`,
      severity: 'error',
      message: marker.message,
      line: marker.line,
      column: marker.column,
      source: 'server',
    })),
  ]

  return (
    <>
      <PageHeader
        title="Workspace"
        description="The whole org as one JSON file — users, apps, records, policies and faults — validated against its schema as you type. Apply replaces the running workspace."
      />
      <Stack gap="md">
        {workspace.isError && (
          <ApiErrorAlert
            error={workspace.error}
            title="Could not load the workspace"
            onRetry={() => void workspace.refetch()}
            retrying={workspace.isFetching}
          />
        )}
        <Group justify="space-between">
          <Group gap="xs">
            <Button
              leftSection={<IconCheck size={16} />}
              onClick={onApply}
              disabled={!dirty}
              loading={apply.isPending}
              data-testid="workspace-apply"
            >
              Apply
            </Button>
            <Button
              variant="default"
              leftSection={<IconArrowBackUp size={16} />}
              onClick={() => {
                setDraft(null)
                setServerIssues(null)
                setParseError(null)
                apply.reset()
              }}
              disabled={!dirty}
            >
              Revert
            </Button>
            {dirty && (
              <Badge variant="light" color="yellow" size="lg">
                Unapplied changes
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <FileButton onChange={(file) => void onImport(file)} accept="application/json,.json">
              {(props) => (
                <Button variant="default" leftSection={<IconUpload size={16} />} {...props}>
                  Import file
                </Button>
              )}
            </FileButton>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={onExport}
              disabled={!text}
            >
              Export file
            </Button>
            <Button
              variant="default"
              leftSection={<IconCloudUpload size={16} />}
              onClick={() => setSfdxImport(true)}
              data-testid="sfdx-import-open"
            >
              Import from SFDX project…
            </Button>
            <Button
              variant="default"
              leftSection={<IconCloudDownload size={16} />}
              onClick={() => setSfdxExport(true)}
              data-testid="sfdx-export-open"
            >
              Export as metadata…
            </Button>
            <Button
              variant="default"
              color="red"
              leftSection={<IconRefreshAlert size={16} />}
              onClick={() => setConfirmReset(true)}
            >
              Reset to the demo
            </Button>
          </Group>
        </Group>
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
        {parseError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={20} />}
            title="Not JSON"
          >
            {parseError}
          </Alert>
        )}
        {apply.isError &&
          (apply.error instanceof AdminApiError && apply.error.issues.length > 0 ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={20} />}
              title="Not applied: the server refused this workspace"
              py="xs"
            >
              {apply.error.issues.length === 1
                ? 'One issue, marked in the editor and listed under Problems.'
                : `${apply.error.issues.length} issues, marked in the editor and listed under Problems.`}{' '}
              Nothing changed.
            </Alert>
          ) : (
            <ApiErrorAlert error={apply.error} title="The server refused this workspace" />
          ))}
        {reset.isError && <ApiErrorAlert error={reset.error} title="Could not reset" />}
        {workspace.data !== undefined && (
          <LazyJsonEditor
            path="workspace.json"
            label="Workspace JSON"
            value={text}
            onChange={(next) => setDraft(next)}
            schema={schema.data}
            height="max(300px, calc(100vh - 500px))"
            onProblems={setProblems}
            markers={markers}
            onEditor={onEditor}
          />
        )}
        <Paper withBorder radius="md" data-testid="workspace-problems">
          <Group px="md" py="xs" justify="space-between" className="gh-panel-head">
            <Text fw={600} size="sm">
              Problems
            </Text>
            <Group gap="sm">
              <Text
                size="sm"
                c={errors > 0 ? 'red' : 'dimmed'}
                data-testid="workspace-problem-count"
              >
                {allProblems.length === 0
                  ? 'No problems'
                  : `${allProblems.length} ${allProblems.length === 1 ? 'problem' : 'problems'}`}
              </Text>
              {allProblems.length > 0 && (
                <Text size="xs" c="dimmed">
                  Click one to go to it
                </Text>
              )}
            </Group>
          </Group>
          <ScrollArea.Autosize mah={180}>
            {allProblems.length === 0 ? (
              <Text size="sm" c="dimmed" px="md" py="sm">
                The workspace matches the schema.
              </Text>
            ) : (
              <Stack gap={0}>
                {allProblems.map((problem) => (
                  <UnstyledButton
                    key={problem.key}
                    px="md"
                    py={6}
                    className="gh-problem-row"
                    onClick={() => {
                      if (editorRef.current)
                        revealPosition(editorRef.current, problem.line, problem.column)
                    }}
                  >
                    <Group gap="sm" wrap="nowrap">
                      {problem.severity === 'error' ? (
                        <IconAlertCircle size={16} color="var(--mantine-color-red-6)" />
                      ) : (
                        <IconAlertTriangle size={16} color="var(--mantine-color-yellow-6)" />
                      )}
                      <Text size="sm" style={{ flex: 1 }}>
                        {problem.message}
                      </Text>
                      <Tooltip
                        label={
                          problem.source === 'server'
                            ? 'Reported by the server on Apply'
                            : 'Found by the schema'
                        }
                      >
                        <Badge variant="default" size="sm">
                          {problem.source}
                        </Badge>
                      </Tooltip>
                      <Text size="xs" c="dimmed" className="gh-mono">
                        Ln {problem.line}, Col {problem.column}
                      </Text>
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            )}
          </ScrollArea.Autosize>
        </Paper>
      </Stack>
      <SfdxImportModal
        opened={sfdxImport}
        onClose={() => setSfdxImport(false)}
        onApplied={(report) => {
          void workspace.refetch().then((result) => {
            if (result.data !== undefined) {
              const changed = report.apps.filter((app) => app.action !== 'unchanged').length
              loaded(
                result.data,
                `Imported from the SFDX project: ${changed} of ${report.apps.length} apps created or updated.`,
              )
            }
          })
        }}
      />
      <SfdxExportModal opened={sfdxExport} onClose={() => setSfdxExport(false)} />
      <Modal
        opened={confirmReset}
        onClose={() => setConfirmReset(false)}
        title="Reset to the demo workspace?"
        centered
      >
        <Text size="sm" mb="lg">
          Every user, app, record, fault and policy is replaced by the demo org’s. Export the
          current workspace first if you want to keep it.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmReset(false)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => reset.mutate()} loading={reset.isPending}>
            Reset to the demo
          </Button>
        </Group>
      </Modal>
    </>
  )
}
