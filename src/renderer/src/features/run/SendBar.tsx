import { Button, Group, Text } from '@mantine/core'
import { IconPlayerPlay } from '@tabler/icons-react'

/** Send (or re-send) the current step, saying how many edits go with it; undo or cancel. */
export function SendBar({
  editCount,
  rerunning,
  external,
  sending,
  blocked,
  onSend,
  onUndo,
  onCancel,
}: {
  editCount: number
  /** Re-sending a step already sent (the steps after it start again). */
  rerunning: boolean
  /** The person signed in themselves: sending picks up the code from the trace. */
  external: boolean
  sending: boolean
  /** The draft cannot be sent (claims that are not a JSON object). */
  blocked: boolean
  onSend: () => void
  onUndo: () => void
  onCancel: () => void
}) {
  const verb = external ? 'Pick up the code' : rerunning ? 'Re-send this step' : 'Send'
  const changes = editCount > 0 ? ` with ${editCount} change${editCount === 1 ? '' : 's'}` : ''
  return (
    <Group mt="md">
      <Button
        leftSection={<IconPlayerPlay size={16} />}
        onClick={onSend}
        loading={sending}
        disabled={blocked}
        data-testid="run-send"
      >
        {verb}
        {changes}
      </Button>
      {editCount > 0 && (
        <Button variant="subtle" onClick={onUndo}>
          Undo changes
        </Button>
      )}
      {rerunning && (
        <>
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
          <Text size="xs" c="dimmed">
            The steps after this one start again.
          </Text>
        </>
      )}
    </Group>
  )
}
