import { useState } from 'react'
import { Paper, SegmentedControl, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { IconPlugConnected } from '@tabler/icons-react'
import { useAdminClient } from '../../api/context'
import { useBaseUrl } from '../../api/useOrigin'
import { CodeBlock } from '../../components/CodeBlock'
import { CopyField } from '../../components/CopyField'
import { shellQuote } from '../../lib/shell'

interface WorkspaceForSnippets {
  apps: Array<{
    name: string
    kind: string
    consumerKey?: string
    consumerSecret?: string
    clientCredentials?: { enabled?: boolean }
    usernamePassword?: { enabled?: boolean }
  }>
  users: Array<{ username: string; password?: string | null; active?: boolean }>
}

interface Snippet {
  id: string
  label: string
  note: string
  code: string
}

function snippets(workspace: WorkspaceForSnippets | undefined, baseUrl: string): Snippet[] {
  const token = `${baseUrl}/services/oauth2/token`
  const out: Snippet[] = []
  const cc = workspace?.apps.find((app) => app.clientCredentials?.enabled && app.consumerSecret)
  if (cc?.consumerKey && cc.consumerSecret) {
    out.push({
      id: 'client_credentials',
      label: 'Client credentials',
      note: `${cc.name} asks for a token as its run-as user.`,
      code: [
        `curl -s ${shellQuote(token)}`,
        '-d grant_type=client_credentials',
        `-d client_id=${shellQuote(cc.consumerKey)}`,
        `-d client_secret=${shellQuote(cc.consumerSecret)}`,
      ].join(' \\\n  '),
    })
  }
  const pw = workspace?.apps.find(
    (app) => app.kind === 'connectedApp' && app.usernamePassword?.enabled && app.consumerSecret,
  )
  const user = workspace?.users.find(
    (candidate) => candidate.password && candidate.active !== false,
  )
  if (pw?.consumerKey && pw.consumerSecret && user?.password) {
    out.push({
      id: 'password',
      label: 'Username-password',
      note: `${user.username} logs in through ${pw.name}. Change the password to see the failing step explained.`,
      code: [
        `curl -s ${shellQuote(token)}`,
        '-d grant_type=password',
        `-d client_id=${shellQuote(pw.consumerKey)}`,
        `-d client_secret=${shellQuote(pw.consumerSecret)}`,
        `--data-urlencode username=${shellQuote(user.username)}`,
        `--data-urlencode password=${shellQuote(user.password)}`,
      ].join(' \\\n  '),
    })
  }
  out.push({
    id: 'discovery',
    label: 'Discovery',
    note: 'The OpenID configuration needs no credentials at all.',
    code: `curl -s ${shellQuote(`${baseUrl}/.well-known/openid-configuration`)}`,
  })
  return out
}

/** No exchange yet: where to point an app, and a request to send right now. */
export function TrafficEmpty() {
  const client = useAdminClient()
  const baseUrl = useBaseUrl()
  const workspace = useQuery({
    queryKey: ['traffic', 'snippet-workspace'],
    queryFn: ({ signal }) => client.get<WorkspaceForSnippets>('/workspace', { signal }),
    staleTime: 30_000,
  })
  const list = snippets(workspace.data, baseUrl)
  const [chosen, setChosen] = useState<string | null>(null)
  const current = list.find((snippet) => snippet.id === chosen) ?? list[0]!
  return (
    <Paper withBorder radius="md" p="xl" data-testid="traffic-empty">
      <Stack gap="lg" maw={760} mx="auto">
        <Stack gap={6} align="center" ta="center">
          <ThemeIcon size={56} radius="xl" variant="light">
            <IconPlugConnected size={30} stroke={1.6} />
          </ThemeIcon>
          <Title order={2} size="h3">
            No exchanges yet
          </Title>
          <Text c="dimmed" maw={560}>
            Point an app at the emulated org instead of login.salesforce.com. Every request it makes
            shows up here as it happens, with the checks that decided the answer.
          </Text>
        </Stack>
        <Paper className="gh-tile" radius="md" px="md" py={6}>
          <CopyField value={baseUrl} label="base URL" />
        </Paper>
        <Stack gap="xs">
          <Text fw={600}>Try a flow with curl</Text>
          <SegmentedControl
            value={current.id}
            onChange={setChosen}
            data={list.map((snippet) => ({ value: snippet.id, label: snippet.label }))}
            aria-label="Example request"
          />
          <Text size="sm" c="dimmed">
            {current.note}
          </Text>
          <CodeBlock code={current.code} label={`${current.label} request`} />
        </Stack>
      </Stack>
    </Paper>
  )
}
