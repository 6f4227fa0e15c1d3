import { Alert, Button, Group } from '@mantine/core'
import { IconExternalLink } from '@tabler/icons-react'
import { openExternal } from '../../api/bridge'

/** "I sign in myself": the person logs in in a real browser; the runner then picks up the code. */
export function SelfSignIn({ url }: { url: string }) {
  return (
    <Alert color="blue" mt="md" title="Sign in yourself">
      Open the authorization URL in a browser, log in and approve. Gatehouse records the redirect
      back to the app; then pick up the code here.
      <Group mt="sm">
        <Button
          size="xs"
          leftSection={<IconExternalLink size={14} />}
          onClick={() => openExternal(url)}
        >
          Open the authorization URL
        </Button>
      </Group>
    </Alert>
  )
}
