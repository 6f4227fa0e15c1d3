import { Center, Code, Paper, Stack, Text, Title } from '@mantine/core'
import { LogoMark } from './LogoMark'

export type TokenProblem =
  { kind: 'missing-token' } | { kind: 'rejected' } | { kind: 'failed'; message: string }

/** Shown instead of the workbench when there is no usable admin token. */
export function TokenScreen({ problem }: { problem: TokenProblem }) {
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder radius="lg" p={40} maw={620} w="100%" shadow="sm">
        <Stack gap="md">
          <LogoMark size={44} />
          <Title order={1} size="h2">
            {problem.kind === 'rejected'
              ? 'This address is no longer valid'
              : problem.kind === 'failed'
                ? 'Gatehouse could not connect'
                : 'Open Gatehouse from its address'}
          </Title>
          <Text size="md" data-testid="token-screen-message">
            This page needs the address Gatehouse printed (it carries an access token).
          </Text>
          {problem.kind === 'rejected' && (
            <Text size="sm" c="dimmed">
              The server did not accept the token this page was opened with. Gatehouse makes a new
              one each time it starts: open the newest address it printed.
            </Text>
          )}
          {problem.kind === 'failed' && (
            <Text size="sm" c="red">
              {problem.message}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            Start the server with <Code>npx gatehouse serve</Code>, then open the line it prints
            after <Code>Workbench UI:</Code>, for example:
          </Text>
          <Code block>http://127.0.0.1:8787/_gatehouse/#token=…</Code>
        </Stack>
      </Paper>
    </Center>
  )
}
