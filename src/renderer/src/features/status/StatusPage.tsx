import {
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core'
import {
  IconBuilding,
  IconClock,
  IconId,
  IconPlayerPause,
  IconRefresh,
  IconServer,
} from '@tabler/icons-react'
import type { Icon } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { StatusResponse } from '../../../../shared/admin-api'
import { useStatus } from '../../api/queries'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { CodeBlock } from '../../components/CodeBlock'
import { CopyField } from '../../components/CopyField'
import { PageHeader } from '../../components/PageHeader'
import { formatDate, formatDateTime, formatOffset, formatTime, useVirtualNow } from './clock'
import { ENDPOINT_ROWS } from './endpoints'

export function StatusPage() {
  const status = useStatus()
  const refresh = (
    <Button
      variant="default"
      leftSection={<IconRefresh size={17} />}
      onClick={() => void status.refetch()}
      loading={status.isFetching && !status.isPending}
      disabled={status.isPending}
    >
      Refresh
    </Button>
  )
  return (
    <>
      <PageHeader
        title="Status"
        description="The emulated org, and the addresses to point your integrations at instead of Salesforce."
        actions={refresh}
      />
      {status.isPending ? (
        <StatusSkeleton />
      ) : status.isError && !status.data ? (
        <ApiErrorAlert
          title="Could not load the server status"
          error={status.error}
          onRetry={() => void status.refetch()}
          retrying={status.isFetching}
        />
      ) : (
        <Stack gap="lg">
          {status.isError && (
            <ApiErrorAlert
              title="The last status check failed; showing what the server said before"
              error={status.error}
              onRetry={() => void status.refetch()}
              retrying={status.isFetching}
            />
          )}
          <StatusContent data={status.data} fetchedAt={status.dataUpdatedAt} />
        </Stack>
      )}
    </>
  )
}

function StatusContent({ data, fetchedAt }: { data: StatusResponse; fetchedAt: number }) {
  return (
    <Stack gap="lg">
      <Grid gap="lg" align="stretch">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <OrgCard data={data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ClockCard clock={data.clock} fetchedAt={fetchedAt} />
        </Grid.Col>
      </Grid>
      <EndpointsCard data={data} />
      <Grid gap="lg" align="stretch">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <PointYourAppCard data={data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ServerCard data={data} />
        </Grid.Col>
      </Grid>
    </Stack>
  )
}

function Card({ children, ...rest }: { children: ReactNode; 'aria-labelledby'?: string }) {
  return (
    <Paper withBorder radius="md" p="lg" h="100%" component="section" {...rest}>
      {children}
    </Paper>
  )
}

function CardTitle({
  id,
  icon: TitleIcon,
  children,
}: {
  id: string
  icon: Icon
  children: ReactNode
}) {
  return (
    <Group gap="xs" mb="md" wrap="nowrap">
      <TitleIcon size={20} stroke={1.7} color="var(--mantine-color-dimmed)" aria-hidden />
      <Title order={2} size="h3" id={id}>
        {children}
      </Title>
    </Group>
  )
}

function Eyebrow({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
      {children}
    </Text>
  )
}

function OrgCard({ data }: { data: StatusResponse }) {
  const { org, counts } = data
  return (
    <Card aria-labelledby="status-org">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="lg">
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon size={52} radius="md" variant="light">
            <IconBuilding size={28} stroke={1.6} />
          </ThemeIcon>
          <Box style={{ minWidth: 0 }}>
            <Eyebrow>Emulated org</Eyebrow>
            <Title order={2} id="status-org" data-testid="org-name" lh={1.25}>
              {org.name}
            </Title>
          </Box>
        </Group>
        <Badge size="lg" variant="light" radius="sm" style={{ flex: 'none' }}>
          {org.edition} Edition
        </Badge>
      </Group>
      <Group gap="xs" wrap="nowrap" mb="lg">
        <IconId size={18} stroke={1.7} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text size="sm" c="dimmed" style={{ flex: 'none' }}>
          Org ID
        </Text>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <CopyField value={org.id} label="org ID" />
        </Box>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Count label="Users" value={counts.users} />
        <Count label="Apps" value={counts.apps} />
        <Count label="Profiles" value={counts.profiles} />
        <Count label="Permission sets" value={counts.permissionSets} />
      </SimpleGrid>
    </Card>
  )
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Paper radius="md" p="md" className="gh-tile">
      <Text size="sm" c="dimmed" truncate="end">
        {label}
      </Text>
      <Text fz={28} fw={650} lh={1.2} mt={4} data-testid={`count-${label.toLowerCase()}`}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  )
}

function ClockCard({ clock, fetchedAt }: { clock: StatusResponse['clock']; fetchedAt: number }) {
  const now = useVirtualNow(clock, fetchedAt)
  const shifted = clock.offsetSeconds !== 0
  return (
    <Card aria-labelledby="status-clock">
      <CardTitle id="status-clock" icon={IconClock}>
        Virtual clock
      </CardTitle>
      <Text fz={34} fw={650} lh={1.1} className="gh-tabular" aria-live="off">
        {formatTime(now)}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {formatDate(now)}
      </Text>
      <Group gap="xs" mt="md">
        {clock.frozen ? (
          <Badge color="orange" variant="light" leftSection={<IconPlayerPause size={14} />}>
            Frozen
          </Badge>
        ) : (
          <Badge color="teal" variant="light">
            Running
          </Badge>
        )}
        <Badge color={shifted ? 'grape' : 'gray'} variant="light">
          Offset {formatOffset(clock.offsetSeconds)}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mt="md">
        {shifted || clock.frozen
          ? 'Codes, tokens and policies expire by this clock, not by your computer’s.'
          : 'Follows your computer’s clock. Freeze it or jump ahead to expire codes and tokens without waiting.'}
      </Text>
    </Card>
  )
}

function EndpointsCard({ data }: { data: StatusResponse }) {
  return (
    <Card aria-labelledby="status-endpoints">
      <Group justify="space-between" align="baseline" mb={4}>
        <CardTitle id="status-endpoints" icon={IconServer}>
          Server URLs
        </CardTitle>
      </Group>
      <Text size="sm" c="dimmed" mt={-8} mb="md">
        Salesforce’s own paths on one local origin, so unmodified clients work when pointed here.
      </Text>
      <Box role="list">
        {ENDPOINT_ROWS.map((row) => (
          <Grid
            key={row.key}
            role="listitem"
            className="gh-endpoint-row"
            gap="md"
            py={8}
            align="center"
            data-endpoint={row.key}
          >
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Text fw={600} size="sm">
                {row.label}
              </Text>
              <Text size="xs" c="dimmed" lh={1.35}>
                {row.hint}
              </Text>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <CopyField
                value={data.endpoints[row.key]}
                label={`${row.label} URL`}
                openable={row.openable}
              />
            </Grid.Col>
          </Grid>
        ))}
      </Box>
    </Card>
  )
}

function PointYourAppCard({ data }: { data: StatusResponse }) {
  const base = data.endpoints.login || data.baseUrl
  const jsforce = [
    "import jsforce from 'jsforce'",
    '',
    '// Instead of https://login.salesforce.com',
    `const conn = new jsforce.Connection({ loginUrl: '${base}' })`,
    '',
    '// Web server flow, with the keys of an app in the workspace',
    'const oauth2 = new jsforce.OAuth2({',
    `  loginUrl: '${base}',`,
    "  clientId: '<consumer key>',",
    "  clientSecret: '<consumer secret>',",
    "  redirectUri: 'http://localhost:3000/oauth/callback',",
    '})',
    "const url = oauth2.getAuthorizationUrl({ scope: 'api refresh_token' })",
  ].join('\n')
  const curl = [
    '# The OpenID Connect discovery document',
    `curl -s ${data.endpoints.discovery}`,
    '',
    '# The keys that sign id tokens and JWT access tokens',
    `curl -s ${data.endpoints.jwks}`,
  ].join('\n')
  return (
    <Card aria-labelledby="status-point">
      <Title order={2} size="h3" id="status-point" mb={4}>
        Point your app at Gatehouse
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Use <span className="gh-mono">{base}</span> as the login URL. Everything your app does there
        is recorded, and answered the way Salesforce answers.
      </Text>
      <Tabs defaultValue="jsforce" variant="outline" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="jsforce">jsforce</Tabs.Tab>
          <Tabs.Tab value="curl">curl</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="jsforce">
          <CodeBlock code={jsforce} label="jsforce example" />
        </Tabs.Panel>
        <Tabs.Panel value="curl">
          <CodeBlock code={curl} label="curl example" />
        </Tabs.Panel>
      </Tabs>
    </Card>
  )
}

function ServerCard({ data }: { data: StatusResponse }) {
  return (
    <Card aria-labelledby="status-server">
      <CardTitle id="status-server" icon={IconServer}>
        Server
      </CardTitle>
      <Stack gap="md">
        <Field
          label="Data folder"
          hint="SQLite database: the workspace and every recorded exchange"
        >
          <CopyField value={data.dataDir} label="data folder" />
        </Field>
        <Field label="Workbench UI">
          <CopyField value={data.uiUrl} label="workbench address (without token)" />
        </Field>
        <Group gap="xl">
          <Field label="Version">
            <Text size="sm" className="gh-mono">
              {data.version}
            </Text>
          </Field>
          <Field label="Started">
            <Text size="sm">{formatDateTime(data.startedAt)}</Text>
          </Field>
        </Group>
      </Stack>
    </Card>
  )
}

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <Box>
      <Eyebrow>{label}</Eyebrow>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
      <Box mt={2}>{children}</Box>
    </Box>
  )
}

function StatusSkeleton() {
  return (
    <Stack gap="lg" aria-busy aria-label="Loading the server status">
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Skeleton h={250} radius="md" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Skeleton h={250} radius="md" />
        </Grid.Col>
      </Grid>
      <Skeleton h={420} radius="md" />
    </Stack>
  )
}
