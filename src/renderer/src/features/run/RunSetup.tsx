import { useState } from 'react'
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { IconPlayerPlay } from '@tabler/icons-react'
import type { RunFlowAvailability } from '../../../../shared/runner-api'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { navigate } from '../../shell/router'
import { useApps, useUsers } from '../apps/api'
import { useCreateRun, useRecentRuns, useRunFlows } from './api'

interface Preset {
  flow: string | null
  app: string | null
  user: string | null
}

function FlowChoice({
  flow,
  selected,
  onSelect,
}: {
  flow: RunFlowAvailability
  selected: boolean
  onSelect: () => void
}) {
  const disabled = flow.disabledBecause !== null
  const card = (
    <UnstyledButton
      className="gh-run-flow"
      data-selected={selected || undefined}
      data-disabled={disabled || undefined}
      disabled={disabled}
      onClick={onSelect}
      data-testid="run-flow"
      data-flow={flow.flow}
      aria-pressed={selected}
    >
      <Text fw={650} size="sm">
        {flow.title}
      </Text>
      <Text size="xs" c="dimmed" className="gh-mono">
        {flow.flow}
      </Text>
      <Text size="xs" mt={4} c={disabled ? 'dimmed' : undefined}>
        {disabled ? `Off: ${flow.disabledBecause}` : flow.summary}
      </Text>
    </UnstyledButton>
  )
  return disabled ? (
    <Tooltip label={flow.disabledBecause} multiline w={280}>
      <div>{card}</div>
    </Tooltip>
  ) : (
    card
  )
}

/** Options that change a flow's steps or requests, shown only where they apply. */
function FlowOptions({
  flow,
  options,
  onChange,
}: {
  flow: string
  options: Record<string, unknown>
  onChange: (options: Record<string, unknown>) => void
}) {
  const set = (name: string, value: unknown) => onChange({ ...options, [name]: value })
  const browser = flow === 'web-server' || flow === 'user-agent'
  return (
    <Stack gap="sm">
      {flow === 'web-server' && (
        <Switch
          label="PKCE (code_challenge and code_verifier)"
          checked={options.pkce !== false}
          onChange={(event) => set('pkce', event.currentTarget.checked)}
        />
      )}
      {flow === 'user-agent' && (
        <Radio.Group
          label="Response type"
          value={String(options.responseType ?? 'token')}
          onChange={(value) => set('responseType', value)}
        >
          <Group mt={4}>
            <Radio value="token" label="token" />
            <Radio value="token id_token" label="token id_token" />
          </Group>
        </Radio.Group>
      )}
      {browser && (
        <>
          <div>
            <Text size="sm" fw={500} mb={4}>
              Who logs in
            </Text>
            <SegmentedControl
              value={String(options.signIn ?? 'runner')}
              onChange={(value) => set('signIn', value)}
              data={[
                { value: 'runner', label: 'The runner, as the user' },
                { value: 'self', label: 'I sign in myself' },
              ]}
            />
          </div>
          <div>
            <Text size="sm" fw={500} mb={4}>
              On the consent page
            </Text>
            <SegmentedControl
              value={String(options.decision ?? 'approve')}
              onChange={(value) => set('decision', value)}
              data={[
                { value: 'approve', label: 'Allow' },
                { value: 'deny', label: 'Deny' },
              ]}
            />
          </div>
        </>
      )}
      <TextInput
        label="Scopes"
        description="Leave empty for every scope selected on the app"
        value={String(options.scope ?? '')}
        onChange={(event) => set('scope', event.currentTarget.value || undefined)}
        w={420}
      />
    </Stack>
  )
}

export function RunSetup({ preset }: { preset: Preset }) {
  const apps = useApps()
  const users = useUsers()
  const recent = useRecentRuns()
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
                  onSelect={() => setFlow(f.flow)}
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
        {(recent.data?.length ?? 0) > 0 && (
          <Paper withBorder radius="md" p="lg">
            <Text fw={650} mb="sm">
              Recent runs
            </Text>
            <Stack gap={6}>
              {recent.data!.slice(0, 8).map((run) => (
                <UnstyledButton
                  key={run.id}
                  onClick={() => navigate('run', String(run.id))}
                  className="gh-run-recent"
                >
                  <Group gap="sm">
                    <Text size="sm" className="gh-mono">
                      #{run.id}
                    </Text>
                    <Text size="sm" fw={600}>
                      {run.flow}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {run.app}
                      {run.user ? ` · ${run.user}` : ''}
                    </Text>
                    <Badge
                      size="sm"
                      variant="light"
                      color={
                        run.status === 'completed'
                          ? 'teal'
                          : run.status === 'failed'
                            ? 'red'
                            : 'blue'
                      }
                    >
                      {run.status.replace('_', ' ')}
                    </Badge>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </Paper>
        )}
      </Stack>
    </>
  )
}
