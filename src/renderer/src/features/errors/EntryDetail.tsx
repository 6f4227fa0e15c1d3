import { Badge, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconPlayerPlay } from '@tabler/icons-react'
import type { CatalogEntry } from '../../../../shared/catalog-api'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { useReproduce } from './api'
import { ReproductionResult } from './ReproductionResult'

/** One catalog entry: the error as the client sees it, when, what the user sees, the fix. */
export function EntryDetail({ entry }: { entry: CatalogEntry }) {
  const reproduce = useReproduce()
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="lg" data-testid="errors-detail">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} size="h3">
              {entry.title}
            </Title>
            <Group gap={6} mt={8}>
              {entry.status !== null && (
                <Badge variant="light" color="red">
                  HTTP {entry.status}
                </Badge>
              )}
              {entry.failedStep && (
                <Badge variant="outline" color="gray" className="gh-mono" tt="none">
                  {entry.failedStep}
                </Badge>
              )}
              {entry.flows.map((flow) => (
                <Badge key={flow} variant="light" color="blue" tt="none">
                  {flow}
                </Badge>
              ))}
            </Group>
          </div>
          <Button
            style={{ flex: 'none' }}
            leftSection={<IconPlayerPlay size={16} />}
            loading={reproduce.isPending}
            onClick={() => reproduce.mutate(entry.id)}
            data-testid="errors-reproduce"
          >
            Reproduce
          </Button>
        </Group>
        <Code block mt="md" className="gh-mono" data-testid="errors-answer">
          {answerText(entry)}
        </Code>
        <Section title="When it happens" text={entry.when} />
        <Section title="What the user sees" text={entry.sees} />
        <Section title="Fix" text={entry.fix} />
        <Text size="xs" c="dimmed" mt="md">
          Scenario: <span className="gh-mono">resources/scenarios/{entry.id}.json</span> — runs on
          the demo workspace ({[...entry.needs.apps, ...entry.needs.users].join(', ')}).
        </Text>
      </Paper>
      {reproduce.isError && (
        <ApiErrorAlert error={reproduce.error} title="Could not reproduce it here" />
      )}
      {reproduce.data && <ReproductionResult result={reproduce.data} />}
    </Stack>
  )
}

function Section({ title, text }: { title: string; text: string }) {
  if (!text) return null
  return (
    <div className="gh-errors-section">
      <Text size="sm" fw={650}>
        {title}
      </Text>
      <Text size="sm">{text}</Text>
    </div>
  )
}

/** What the client receives, in the shape it receives it. */
function answerText(entry: CatalogEntry): string {
  if (entry.tags.includes('rest')) {
    return JSON.stringify([{ errorCode: entry.error, message: entry.errorDescription ?? '…' }])
  }
  return JSON.stringify({
    error: entry.error,
    ...(entry.errorDescription !== null ? { error_description: entry.errorDescription } : {}),
  })
}
