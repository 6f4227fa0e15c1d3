import { EmptyState, Paper, Stack, Text, Title } from '@mantine/core'
import type { Icon } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { PageHeader } from './PageHeader'

/**
 * The honest empty state of a view that is not built yet: what it will show, and what to do
 * in the meantime. Later work replaces the whole feature component, not this.
 */
export function ViewPlaceholder({
  title,
  description,
  icon: ViewIcon,
  emptyTitle,
  emptyDescription,
  meanwhile,
}: {
  title: string
  description: ReactNode
  icon: Icon
  emptyTitle: string
  emptyDescription: ReactNode
  meanwhile?: ReactNode
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Stack gap="lg">
        <Paper withBorder radius="md" py={48} px="xl">
          <EmptyState
            size="lg"
            variant="light"
            icon={<ViewIcon size={30} stroke={1.6} />}
            title={emptyTitle}
            description={emptyDescription}
            maw={620}
            mx="auto"
          />
        </Paper>
        {meanwhile && (
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h3" mb={4}>
              Meanwhile
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              What you can already do without this view.
            </Text>
            <Stack gap="md">{meanwhile}</Stack>
          </Paper>
        )}
      </Stack>
    </>
  )
}
