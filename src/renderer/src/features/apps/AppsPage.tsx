import './apps.css'
import { useState } from 'react'
import {
  Badge,
  Grid,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core'
import { IconCode, IconSettings } from '@tabler/icons-react'
import { useStatus } from '../../api/queries'
import { useBaseUrl } from '../../api/useOrigin'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { CodeBlock } from '../../components/CodeBlock'
import { CopyField } from '../../components/CopyField'
import { PageHeader } from '../../components/PageHeader'
import { AppForm } from './AppForm'
import { useApps } from './api'
import type { App } from './api'
import { snippetsFor } from './snippets'
import type { Snippet } from './snippets'

function KindBadge({ kind }: { kind: App['kind'] }) {
  return kind === 'connectedApp' ? (
    <Badge variant="light" color="blue" size="sm">
      Connected App
    </Badge>
  ) : (
    <Badge variant="light" color="grape" size="sm">
      External Client App
    </Badge>
  )
}

function flowsOf(app: App): string[] {
  const flows = ['Web server']
  if (app.kind === 'connectedApp' && app.usernamePassword.enabled) flows.push('Password')
  if (app.clientCredentials.enabled) flows.push('Client credentials')
  if (app.certificate) flows.push('JWT bearer')
  if (app.deviceFlow.enabled) flows.push('Device')
  if (app.tokenExchange.enabled) flows.push('Token exchange')
  return flows
}

function Endpoints({ app }: { app: App }) {
  const status = useStatus()
  const baseUrl = useBaseUrl()
  const endpoints = status.data?.endpoints
  const rows: Array<[string, string]> = [
    ['Authorize', endpoints?.authorize ?? `${baseUrl}/services/oauth2/authorize`],
    ['Token', endpoints?.token ?? `${baseUrl}/services/oauth2/token`],
    ['Revoke', endpoints?.revoke ?? `${baseUrl}/services/oauth2/revoke`],
    ['Introspect', endpoints?.introspect ?? `${baseUrl}/services/oauth2/introspect`],
    ['UserInfo', endpoints?.userinfo ?? `${baseUrl}/services/oauth2/userinfo`],
    ['JWKS', endpoints?.jwks ?? `${baseUrl}/id/keys`],
    ['Discovery', endpoints?.discovery ?? `${baseUrl}/.well-known/openid-configuration`],
  ]
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="xs" tt="uppercase" c="dimmed">
        Endpoints
      </Title>
      <Stack gap={2}>
        <Group wrap="nowrap" gap="md">
          <Text size="sm" w={110} c="dimmed">
            Consumer key
          </Text>
          <div style={{ flex: 1, minWidth: 0 }}>
            <CopyField value={app.consumerKey} label="consumer key" />
          </div>
        </Group>
        {rows.map(([label, url]) => (
          <Group key={label} wrap="nowrap" gap="md">
            <Text size="sm" w={110} c="dimmed">
              {label}
            </Text>
            <div style={{ flex: 1, minWidth: 0 }}>
              <CopyField value={url} label={`${label} URL`} />
            </div>
          </Group>
        ))}
      </Stack>
    </Paper>
  )
}

function Snippets({ app }: { app: App }) {
  const baseUrl = useBaseUrl()
  const flows = snippetsFor(app, baseUrl.replace(/\/$/, ''))
  const [tool, setTool] = useState<Snippet['tool']>('curl')
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          The secret is read from <span className="gh-mono">$CONSUMER_SECRET</span>: it is never
          shown after it is made.
        </Text>
        <SegmentedControl
          value={tool}
          onChange={(value) => setTool(value as Snippet['tool'])}
          data={['curl', 'jsforce', 'openid-client']}
          aria-label="Snippet language"
        />
      </Group>
      {flows.map((flow) => {
        const snippet = flow.snippets.find((candidate) => candidate.tool === tool)
        return (
          <Paper withBorder radius="md" p="md" key={flow.id} data-flow={flow.id}>
            <Title order={3} size="h5">
              {flow.title}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {flow.description}
            </Text>
            {snippet ? (
              <CodeBlock code={snippet.code} label={`${flow.title} with ${tool}`} />
            ) : (
              <Text size="sm" c="dimmed" fs="italic">
                No {tool} snippet for this flow.
              </Text>
            )}
          </Paper>
        )
      })}
    </Stack>
  )
}

export default function AppsPage() {
  const apps = useApps()
  const [selected, setSelected] = useState<string | null>(null)
  const [tab, setTab] = useState<string | null>('settings')
  const list = apps.data ?? []
  const app = list.find((candidate) => candidate.consumerKey === selected) ?? list[0]

  return (
    <>
      <PageHeader
        title="Apps"
        description="The org’s Connected Apps and External Client Apps: their OAuth settings and policies, as on Salesforce’s setup pages, and ready-made code for each flow they allow."
      />
      {apps.isError && (
        <ApiErrorAlert
          error={apps.error}
          title="Could not list the apps"
          onRetry={() => void apps.refetch()}
          retrying={apps.isFetching}
        />
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4, xl: 3 }}>
          <Paper withBorder radius="md" p={4} className="gh-sticky-list">
            <ScrollArea.Autosize mah="calc(100vh - 220px)" scrollbars="y">
              <Stack gap={2} component="nav" aria-label="Apps">
                {apps.isPending &&
                  [0, 1, 2].map((index) => <Skeleton key={index} h={64} radius="sm" />)}
                {list.map((item) => {
                  const active = item.consumerKey === app?.consumerKey
                  return (
                    <UnstyledButton
                      key={item.consumerKey}
                      aria-current={active ? 'true' : undefined}
                      className="gh-list-item"
                      data-active={active || undefined}
                      onClick={() => setSelected(item.consumerKey)}
                      p="sm"
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text fw={600} size="sm" truncate>
                          {item.name}
                        </Text>
                        {item.policies.blocked && (
                          <Badge color="red" size="sm" variant="filled">
                            Blocked
                          </Badge>
                        )}
                      </Group>
                      <Group gap={6} mt={4}>
                        <KindBadge kind={item.kind} />
                      </Group>
                      <Text size="xs" c="dimmed" mt={4}>
                        {flowsOf(item).join(' · ')}
                      </Text>
                    </UnstyledButton>
                  )
                })}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, xl: 9 }}>
          {app && (
            <Stack gap="md">
              <Group gap="sm">
                <Title order={2} size="h3" data-testid="app-title">
                  {app.name}
                </Title>
                <KindBadge kind={app.kind} />
              </Group>
              <Tabs value={tab} onChange={setTab} keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="settings" leftSection={<IconSettings size={16} />}>
                    Settings and policies
                  </Tabs.Tab>
                  <Tabs.Tab value="snippets" leftSection={<IconCode size={16} />}>
                    Endpoints and snippets
                  </Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="settings">
                  <AppForm key={app.consumerKey} app={app} />
                </Tabs.Panel>
                <Tabs.Panel value="snippets">
                  <Stack gap="md">
                    <Endpoints app={app} />
                    <Snippets app={app} />
                  </Stack>
                </Tabs.Panel>
              </Tabs>
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </>
  )
}
