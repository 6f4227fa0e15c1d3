import { useState } from 'react'
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconPlayerPlay } from '@tabler/icons-react'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { navigate } from '../../shell/router'
import { useApps, useUsers } from '../apps/api'
import { useCreateRun, useRunFlows } from './api'
import { FlowChoice } from './FlowChoice'
import { FlowOptions } from './FlowOptions'
import { RecentRuns } from './RecentRuns'

interface Preset {
  flow: string | null
  app: string | null
  user: string | null
}

export function RunSetup({ preset }: { preset: Preset }) {
  const apps = useApps()
  const users = useUsers()
  const [app, setApp] = useState<string | null>(preset.app)
  const [flow, setFlow] = useState<string | null>(preset.flow)
  const [user, setUser] = useState<string | null>(preset.user)
  const [options, setOptions] = useState<Record<string, unknown>>({})
  const flows = useRunFlows(app)
  const create = useCreateRun()
  const chosen = flows.data?.find((f) => f.flow === flow)

  const start = () => {
    if (!app || !flow) return
    create.mutate(
      {
        flow: flow as never,
        app,
        ...(user && chosen?.needsUser ? { user } : {}),
        options: Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
      },
      { onSuccess: (run) => navigate('run', String(run.id)) },
    )
  }

  return (
    <>
      <PageHeader
        title="Run a flow"
        description="Gatehouse plays the client: one real exchange at a time, each request editable before it is sent."
      />
      <Stack gap="lg" maw={1100}>
        <Paper withBorder radius="md" p="lg">
          <Group align="flex-end" gap="lg">
            <Select
              label="App"
              description="A Connected App or External Client App"
              placeholder="Choose an app"
              data={(apps.data ?? []).map((a) => ({ value: a.name, label: a.name }))}
              value={app}
              onChange={(value) => {
                setApp(value)
                setFlow(null)
              }}
              w={280}
              searchable
              data-testid="run-app"
            />
            <Select
              label="User"
              description="Who logs in (flows with a user)"
              placeholder="A user the app admits"
              data={(users.data ?? []).map((u) => ({ value: u.username, label: u.username }))}
              value={user}
              onChange={setUser}
              clearable
              searchable
              w={280}
              data-testid="run-user"
            />
          </Group>
        </Paper>
        {app && (
          <Paper withBorder radius="md" p="lg">
            <Text fw={650} mb="sm">
              Flow
            </Text>
            {flows.isError && (
              <ApiErrorAlert error={flows.error} title="The flows could not be loaded" />
            )}
            <SimpleGrid cols={{ base: 2, md: 3, lg: 4 }} spacing="sm">
              {(flows.data ?? []).map((f) => (
                <FlowChoice
                  key={f.flow}
                  flow={f}
                  selected={f.flow === flow}
                  onSelect={() => {
                    // Options belong to a flow (PKCE, response type …): start each afresh.
                    setFlow(f.flow)
                    setOptions({})
                  }}
                />
              ))}
            </SimpleGrid>
          </Paper>
        )}
        {chosen && chosen.disabledBecause === null && (
          <Paper withBorder radius="md" p="lg">
            <Text fw={650} mb="sm">
              Options
            </Text>
            <FlowOptions flow={chosen.flow} options={options} onChange={setOptions} />
            <Group mt="lg">
              <Button
                leftSection={<IconPlayerPlay size={16} />}
                onClick={start}
                loading={create.isPending}
                data-testid="run-start"
              >
                Start the run
              </Button>
              <Text size="sm" c="dimmed">
                Nothing is sent until you press Send.
              </Text>
            </Group>
            {create.isError && (
              <Alert color="red" mt="md" title="The run could not start">
                {create.error.message}
              </Alert>
            )}
          </Paper>
        )}
        <RecentRuns />
      </Stack>
    </>
  )
}
